import type { RecordOrigin } from '../../core/errors.ts';
import { RecordError, SluiceError } from '../../core/errors.ts';
import type { RowFormat } from '../../formats/format.ts';
import { SeveralValues, SKIP_RECORD, type RecordMapper } from '../mapped-connectors.ts';
import type { End, SourceBatch, SourceReader } from '../spi.ts';
import { END } from '../spi.ts';
import type { InProcessLog } from './in-process-log.ts';
import type { LogKey, LogRecord, PartitionView } from './log-record.ts';
import type { LogPosition } from './log-source.ts';
import { log } from '../../core/log.ts';

/** What every reader of one log source shares. */
export interface LogReaderSettings {
  readonly log: InProcessLog;
  readonly group: string | undefined;
  /** Set for the JSON format; undefined yields the records themselves (or what `map` makes of them). */
  readonly decoder: RowFormat | undefined;
  /** With the raw format: maps each record in the reader's own loop (see LogSourceOptions.map). */
  readonly map: RecordMapper<LogRecord, unknown> | undefined;
  readonly ignoreParseErrors: boolean;
  readonly pollTimeoutMs: number;
  skipped: number;
}

/** The record a mapper sees: one object per reader, refilled for every record. */
interface RecordCursor {
  readonly topic: string;
  readonly partition: number;
  offset: number;
  key: LogKey;
  value: unknown;
  timestamp: number;
  headers: Readonly<Record<string, string>> | undefined;
}

/**
 * Reads one partition from an offset; `end` (exclusive) makes it bounded. Each poll is one loop over
 * the partition's stored columns (no copy of the records, no object per record besides the result):
 * decoding, mapping and the batch's times are filled in that same pass.
 *
 * @example
 * const reader = new LogSplitReader<Row>(settings, 'trades', 0, 0, undefined);
 * const batch = await reader.poll(500);
 */
export class LogSplitReader<T> implements SourceReader<T> {
  private readonly settings: LogReaderSettings;
  private readonly topic: string;
  private readonly partition: number;
  private readonly end: number | undefined;
  private next: number;
  private readonly cursor: RecordCursor;
  private readonly splitOrigin: RecordOrigin;
  /**
   * Where the record being decoded came from, updated per record instead of allocated per record.
   * Replaced after an error is skipped, so an error object never sees its origin change.
   */
  private origin: { source: string; partition: number; offset: number };

  constructor(settings: LogReaderSettings, topic: string, partition: number, offset: number, end: number | undefined) {
    this.settings = settings;
    this.topic = topic;
    this.partition = partition;
    this.next = offset;
    this.end = end;
    this.cursor = { topic, partition, offset: 0, key: null, value: undefined, timestamp: 0, headers: undefined };
    this.splitOrigin = { source: `${topic}-${partition}` };
    this.origin = { source: topic, partition, offset: 0 };
  }

  /** Returns at once when records are there; otherwise waits up to the poll timeout for some. */
  poll(maxRecords: number): SourceBatch<T> | End | Promise<SourceBatch<T> | End> {
    if (this.end !== undefined && this.next >= this.end) return END;
    const { log } = this.settings;
    if (log.endOffset(this.topic, this.partition) > this.next) return this.take(maxRecords);
    return log.waitForData(this.topic, this.partition, this.next, this.settings.pollTimeoutMs).then(() => this.take(maxRecords));
  }

  position(): LogPosition {
    return this.end === undefined ? { offset: this.next } : { offset: this.next, end: this.end };
  }

  /** Records left up to the partition's end offset now (a bounded reader: up to its end), as Kafka's records-lag. */
  lag(): number {
    const logEnd = this.settings.log.endOffset(this.topic, this.partition);
    const end = this.end === undefined ? logEnd : Math.min(logEnd, this.end);
    return Math.max(0, end - this.next);
  }

  /**
   * Commits the checkpointed position, not the current one, which may be ahead of it. A checkpoint
   * taken before this split returned its first batch has no position for it: nothing to commit.
   */
  notifyCheckpointComplete(_checkpointId: number, position: unknown): void {
    const group = this.settings.group;
    const offset = (position as LogPosition | undefined)?.offset;
    if (group === undefined || offset === undefined) return;
    this.settings.log.commitOffsets(group, [{ topic: this.topic, partition: this.partition, offset }]);
  }

  close(): void {}

  private take(maxRecords: number): SourceBatch<T> {
    const view = this.settings.log.view(this.topic, this.partition);
    // Records deleted past our position: continue from the first one left (auto.offset.reset=earliest),
    // saying what was skipped.
    if (this.next < view.base) {
      log.warn(`log topic '${this.topic}' partition ${this.partition}: offset ${this.next} was deleted; reset to earliest offset ${view.base}: ` +
        `skipped offsets ${this.next}..${view.base - 1} (${view.base - this.next} records never read)`);
      this.next = view.base;
    }
    const stored = view.base + view.values.length;
    if (this.next > stored) {
      throw new SluiceError(`${this.topic}-${this.partition}: offset ${this.next} is out of range [${view.base}, ${stored}]`);
    }
    const limit = this.end === undefined ? maxRecords : Math.min(maxRecords, this.end - this.next);
    const from = this.next - view.base;
    const to = Math.min(view.values.length, from + Math.max(0, Math.floor(limit)));
    this.next = view.base + to;
    // The stored times as one copy (the array keeps its unboxed number elements); compacted in place
    // below when records are dropped.
    const times = view.timestamps.slice(from, to);
    const { decoder, map } = this.settings;
    if (decoder !== undefined) return this.decode(decoder, view, from, to, times);
    if (map !== undefined) return this.mapRecords(map as RecordMapper<LogRecord, T>, view, from, to, times);
    return { values: this.records(view, from, to) as T[], times };
  }

  private records(view: PartitionView, from: number, to: number): LogRecord[] {
    const { topic, partition } = this;
    const out = new Array<LogRecord>(to - from);
    for (let i = from; i < to; i++) {
      out[i - from] = { topic, partition, offset: view.base + i, key: view.keys[i], value: view.values[i], timestamp: view.timestamps[i], headers: view.headers[i] };
    }
    return out;
  }

  private mapRecords(map: RecordMapper<LogRecord, T>, view: PartitionView, from: number, to: number, times: number[]): SourceBatch<T> {
    const values = new Array<T>(to - from);
    const { cursor, splitOrigin } = this;
    const { base, keys, headers, timestamps } = view;
    const stored = view.values;
    // Times are compacted in place, unless a record gives several values: then into a copy.
    const recordTimes = times;
    let kept = 0;
    let skipped = 0;
    for (let i = from; i < to; i++) {
      cursor.offset = base + i;
      cursor.key = keys[i];
      cursor.value = stored[i];
      cursor.timestamp = timestamps[i];
      cursor.headers = headers[i];
      const value = map(cursor, splitOrigin);
      if (value === undefined) continue;
      if (value === SKIP_RECORD) {
        skipped++;
        continue;
      }
      if (value instanceof SeveralValues) {
        if (times === recordTimes) times = recordTimes.slice(0, kept);
        for (const one of value.values) {
          values[kept] = one;
          times[kept] = recordTimes[i - from];
          kept++;
        }
        continue;
      }
      values[kept] = value;
      times[kept] = recordTimes[i - from];
      kept++;
    }
    return withSkipped(truncated(values, times, kept), skipped);
  }

  private decode(decoder: RowFormat, view: PartitionView, from: number, to: number, times: number[]): SourceBatch<T> {
    const values = new Array<T>(to - from);
    const stored = view.values;
    let kept = 0;
    let skipped = 0;
    for (let i = from; i < to; i++) {
      const value = stored[i];
      let row: T;
      try {
        if (typeof value === 'string' || value instanceof Uint8Array) {
          const origin = this.origin;
          origin.offset = view.base + i;
          row = decoder.decode(value, origin) as T;
        } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          row = value as T; // appended as an object: already a row
        } else {
          throw new RecordError({ source: this.topic, partition: this.partition, offset: view.base + i }, `expected a JSON text or an object, got ${value === null ? 'null' : typeof value}`);
        }
      } catch (error) {
        if (!(error instanceof RecordError) || !this.settings.ignoreParseErrors) throw error;
        this.settings.skipped++;
        skipped++;
        this.origin = { source: this.topic, partition: this.partition, offset: 0 };
        continue;
      }
      values[kept] = row;
      times[kept] = times[i - from];
      kept++;
    }
    return withSkipped(truncated(values, times, kept), skipped);
  }
}

/** The batch, saying how many records it skipped as undecodable (if any). */
function withSkipped<T>(batch: SourceBatch<T>, skipped: number): SourceBatch<T> {
  return skipped === 0 ? batch : { ...batch, skipped };
}

/** The batch of the first `kept` values and times (the rest were dropped). */
function truncated<T>(values: T[], times: number[], kept: number): SourceBatch<T> {
  if (kept < values.length) {
    values.length = kept;
    times.length = kept;
  }
  return { values, times };
}
