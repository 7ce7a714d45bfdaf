/**
 * Sources and sinks seen through a per-batch mapping: how a table factory puts its typed conversion
 * (decoded JSON → TIMESTAMP as epoch ms, rows → written text…) around an existing connector without
 * changing it. The wrapper inherits the wrapped object's own properties (a Kafka source's `connector`,
 * `groupId` and `servers`, a blackhole's `count`), so code that recognises the connector still does.
 */
import { RecordError, SluiceError, type RecordOrigin } from '../core/errors.ts';
import type { CheckpointInputs, End, Sink, SinkContext, Source, SourceBatch, SourceContext, SourceReader, SourceSplit } from './spi.ts';
import { END } from './spi.ts';

/** What a mapper returns for a record it skips as undecodable (ignore-parse-errors): dropped and counted. */
export const SKIP_RECORD: unique symbol = Symbol('skip-record');

/**
 * What a mapper returns for a record that stands for several values (a change event that updates a
 * row: its old and new row), each with the record's time.
 *
 * @example
 * const both = new SeveralValues([before, after]);
 */
export class SeveralValues<T> {
  readonly values: readonly T[];
  constructor(values: readonly T[]) {
    this.values = values;
  }
}

/**
 * Maps one record of a split. Returns the new value, several values ({@link SeveralValues}),
 * undefined to drop the record (a tombstone), or SKIP_RECORD to drop it as undecodable (counted in
 * the batch's `skipped`). `origin` names the split; the mapper may refine it per record.
 */
export type RecordMapper<In, Out> = (value: In, origin: RecordOrigin) => Out | SeveralValues<Out> | undefined | typeof SKIP_RECORD;

/**
 * A source whose every record goes through `createMapper(split)`'s function; positions, splits and
 * split discovery are the wrapped source's. With `deadLetter`, a record whose mapping throws a
 * RecordError becomes a dead letter of the batch (what `deadLetter` makes of it) for the source's
 * dead-letter sink, instead of failing the job. With `prepare`, each batch is first handed to it, and
 * mapped once the promise it may return settles (a format fetching the schemas the batch names).
 *
 * @example
 * const typed = mapSource(fileSource('orders.jsonl'), () => (row, origin) => read(row, origin));
 */
export function mapSource<In, Out>(source: Source<In>, createMapper: (split: SourceSplit) => RecordMapper<In, Out>, name = source.name,
  deadLetter?: (input: In, error: RecordError) => unknown, prepare?: (values: readonly In[]) => Promise<void> | undefined): Source<Out> {
  const mapped = Object.create(source) as Source<Out> & { name: string; createReader: Source<Out>['createReader'] };
  Object.defineProperty(mapped, 'name', { value: name, enumerable: true });
  Object.defineProperty(mapped, 'createReader', {
    enumerable: true,
    value(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<Out> {
      return new MappedReader(source.createReader(split, position, ctx), createMapper(split), { source: split.id }, deadLetter, prepare);
    },
  });
  return mapped;
}

class MappedReader<In, Out> implements SourceReader<Out> {
  private readonly inner: SourceReader<In>;
  private readonly map: RecordMapper<In, Out>;
  private readonly origin: RecordOrigin;
  private readonly deadLetter: ((input: In, error: RecordError) => unknown) | undefined;
  private readonly prepare: ((values: readonly In[]) => Promise<void> | undefined) | undefined;
  readonly notifyCheckpointComplete?: (checkpointId: number, position: unknown) => Promise<void> | void;

  constructor(inner: SourceReader<In>, map: RecordMapper<In, Out>, origin: RecordOrigin, deadLetter?: (input: In, error: RecordError) => unknown,
    prepare?: (values: readonly In[]) => Promise<void> | undefined) {
    this.inner = inner;
    this.prepare = prepare;
    this.map = map;
    this.origin = origin;
    this.deadLetter = deadLetter;
    if (inner.notifyCheckpointComplete !== undefined) {
      this.notifyCheckpointComplete = (id, position) => inner.notifyCheckpointComplete!(id, position);
    }
  }

  poll(maxRecords: number): Promise<SourceBatch<Out> | End> | SourceBatch<Out> | End {
    const batch = this.inner.poll(maxRecords);
    if (this.prepare === undefined) return batch instanceof Promise ? batch.then((b) => this.mapBatch(b)) : this.mapBatch(batch);
    return Promise.resolve(batch).then(async (b) => {
      // Also at the end of an empty split: a format checks its service on its first call.
      await this.prepare!(b === END ? [] : b.values);
      return this.mapBatch(b);
    });
  }

  private mapBatch(batch: SourceBatch<In> | End): SourceBatch<Out> | End {
    if (batch === END) return END;
    const { values, times } = batch;
    let skipped = batch.skipped ?? 0;
    let deadLetters = batch.deadLetters;
    const map = this.map;
    const deadLetter = this.deadLetter;
    const origin = this.origin;
    const out = new Array<Out>(values.length);
    // The times pass through as they are until a record is dropped; only then are they copied (the
    // inner reader's array is not ours to compact).
    let outTimes = times;
    let kept = 0;
    for (let i = 0; i < values.length; i++) {
      let value: Out | SeveralValues<Out> | undefined | typeof SKIP_RECORD;
      try {
        value = map(values[i], origin);
      } catch (error) {
        // With a dead-letter output, a record the mapping cannot read goes there instead of failing the job.
        if (deadLetter === undefined || !(error instanceof RecordError)) throw error;
        deadLetters = [...(deadLetters ?? []), deadLetter(values[i], error)];
        value = undefined;
      }
      if (value === undefined || value === SKIP_RECORD) {
        if (value === SKIP_RECORD) skipped++;
        if (outTimes !== undefined && outTimes === times) outTimes = times.slice(0, kept);
        continue;
      }
      if (value instanceof SeveralValues) {
        // More values than records: the output no longer lines up with the input's times.
        if (outTimes !== undefined && outTimes === times) outTimes = times.slice(0, kept);
        for (const one of value.values) {
          out[kept] = one;
          if (outTimes !== undefined) outTimes[kept] = times![i];
          kept++;
        }
        continue;
      }
      out[kept] = value;
      if (outTimes !== times) outTimes![kept] = times![i];
      kept++;
    }
    if (kept < out.length) {
      out.length = kept;
      if (outTimes !== undefined) outTimes.length = kept;
    }
    // What the inner reader rejected passes through: dead letters and skipped records are never lost here.
    const rejected = { ...(deadLetters === undefined ? {} : { deadLetters }), ...(skipped === 0 ? {} : { skipped }) };
    return outTimes === undefined ? { values: out, ...rejected } : { values: out, times: outTimes, ...rejected };
  }

  position(): unknown {
    return this.inner.position();
  }

  close(): Promise<void> | void {
    return this.inner.close();
  }
}

/** Hooks around a mapped sink's own calls. */
export interface MappedSinkOptions {
  readonly name?: string;
  /** Runs before the wrapped sink opens (a check with a table-level error message, a format registering its schema). */
  readonly beforeOpen?: (ctx: SinkContext) => void | Promise<void>;
  /** Runs after the wrapped sink committed a checkpoint. */
  readonly afterCommit?: (checkpointId: number, prepared: unknown) => void;
}

/**
 * A sink that receives each batch through `map` (which may drop records or change their times).
 *
 * @example
 * const sink = mapSink(fileSink('out'), (values, times) => ({ values: values.map(write), times }));
 */
export function mapSink<In, Out>(
  sink: Sink<Out>, map: (values: In[], times: number[]) => { values: Out[]; times: number[] }, options: MappedSinkOptions = {},
): Sink<In> {
  const mapped = Object.create(sink) as Record<string, unknown>;
  const define = (key: string, value: unknown) => Object.defineProperty(mapped, key, { value, enumerable: true });
  const { beforeOpen, afterCommit } = options;
  define('name', options.name ?? sink.name);
  define('open', (ctx: SinkContext) => {
    const before = beforeOpen?.(ctx);
    return before instanceof Promise ? before.then(() => sink.open(ctx)) : sink.open(ctx);
  });
  define('write', (values: In[], times: number[]) => {
    const out = map(values, times);
    return sink.write(out.values, out.times);
  });
  define('prepareCommit', (id: number, inputs?: CheckpointInputs) => sink.prepareCommit(id, inputs));
  define('commit', async (id: number, prepared: unknown) => {
    await sink.commit(id, prepared);
    afterCommit?.(id, prepared);
  });
  if (sink.acceptsCheckpoint !== undefined) define('acceptsCheckpoint', (id: number, prepared: unknown) => sink.acceptsCheckpoint!(id, prepared));
  define('abort', () => sink.abort());
  define('close', () => sink.close());
  // A copy (for another task of a scaled job) maps the same way; the inner sink's own copy would not map.
  const copy = sink.copy;
  define('copy', copy === undefined ? undefined : () => mapSink(copy.call(sink), map, options));
  return mapped as unknown as Sink<In>;
}

/**
 * Hands keys computed by a batch mapping to a sink's `key` option in order. The log and Kafka sinks
 * call `key` once per value, in order, synchronously inside `write`, so the mapping can compute the
 * keys from the rows (which the sink never sees: it gets their encoded text, or null for a delete).
 *
 * @example
 * const keys = new OrderedKeys<string>();
 * const sink = mapSink(logSink(log, { topic: 't', format: 'raw', key: keys.take }), (rows: Row[], times) => {
 *   keys.set(rows.map((r) => String(r.id)));
 *   return { values: rows.map(encode), times };
 * });
 */
export class OrderedKeys<K> {
  private keys: readonly K[] = [];
  private next = 0;

  /** The keys of the batch about to be written. */
  set(keys: readonly K[]): void {
    this.keys = keys;
    this.next = 0;
  }

  /** The next key; for the sink's `key` option. */
  readonly take = (): K => {
    if (this.next >= this.keys.length) throw new SluiceError('OrderedKeys: the sink asked for more keys than the batch has');
    return this.keys[this.next++];
  };
}
