import { ConfigError, SluiceError } from '../../core/errors.ts';
import type { SimpleSchema } from '../../formats/format.ts';
import { jsonFormat } from '../../formats/json.ts';
import type { RecordMapper } from '../mapped-connectors.ts';
import { ownerTask } from '../partition-assignment.ts';
import type { Source, SourceContext, SourceReader, SourceSplit } from '../spi.ts';
import type { InProcessLog } from './in-process-log.ts';
import type { LogRecord } from './log-record.ts';
import { markInProcessLog } from './in-process-connectors.ts';
import { LogSplitReader } from './log-split-reader.ts';

/**
 * Options of {@link logSource}: the topic of the in-process log to read and how.
 *
 * @example
 * const options: LogSourceOptions = { topic: 'trades', format: 'json', bounded: true };
 */
export interface LogSourceOptions<T = unknown> {
  readonly topic?: string;
  readonly topics?: readonly string[];
  /** The consumer group: offsets are committed for it when a checkpoint completes. */
  readonly group?: string;
  /** Where a split starts when not restored; default 'committed' with a group, else 'earliest'. */
  readonly startFrom?: 'earliest' | 'latest' | 'committed';
  /** With 'committed', where a partition without a committed offset starts (Kafka's auto.offset.reset); default 'earliest'. */
  readonly resetTo?: 'earliest' | 'latest';
  /** 'json' (default): values are decoded to rows. 'raw': each value is the {@link LogRecord} itself. */
  readonly format?: 'json' | 'raw';
  /**
   * With 'raw': what the source yields for each record (undefined drops it), called in the reader's
   * own loop over the partition, so no record objects are made. The record passed is one object per
   * reader, refilled for every record: copy what you keep, never the record itself. The origin names
   * the split (`topic-partition`).
   */
  readonly map?: RecordMapper<LogRecord, T>;
  /** Typed columns for the JSON format. */
  readonly schema?: SimpleSchema;
  /** Skip values that fail to decode (counted in `skipped`) instead of failing the job. */
  readonly ignoreParseErrors?: boolean;
  /** End each partition at the end offset it had when its reader started. */
  readonly bounded?: boolean;
  /** How long `poll` waits for data before returning an empty batch; default 50 ms. */
  readonly pollTimeoutMs?: number;
  readonly name?: string;
}

/** A log source; `skipped` counts values skipped as undecodable. */
export interface LogSource<T> extends Source<T> {
  readonly skipped: number;
}

/** A partition of a topic. */
export interface LogSplit extends SourceSplit {
  readonly topic: string;
  readonly partition: number;
}

/** A reader's position: the next offset, and for a bounded source the offset it ends at. */
export interface LogPosition {
  readonly offset: number;
  readonly end?: number;
}

/**
 * Reads topics of an {@link InProcessLog} as Kafka's consumer would: one split per partition, the
 * position is the next offset, event times are the record timestamps, and completed checkpoints
 * commit the group's offsets (never ahead of the checkpoint). With format 'json' (the default) each
 * value is decoded to a row (a value appended as an object passes through as is); with 'raw' the
 * reader yields the stored records `{ key, value, topic, partition, offset, timestamp, headers }`,
 * or with `map` what it makes of each (how a table turns records into rows in one pass). Tasks of
 * one job (several runners in this process) share the partitions as Kafka's source does: task i
 * reads partition p when `p % parallelism === i` (several topics: offset by a hash of the name).
 *
 * @example
 * const trades = logSource<Row>(log, { topic: 'trades', group: 'stage-2', startFrom: 'committed' });
 * const sizes = logSource<number>(log, { topic: 'trades', format: 'raw', map: (record) => String(record.value).length });
 */
export function logSource<T = unknown>(log: InProcessLog, options: LogSourceOptions<T>): LogSource<T> {
  const topics = options.topics ?? (options.topic === undefined ? [] : [options.topic]);
  if (topics.length === 0) throw new ConfigError('topic', 'name a topic (topic) or topics (topics)');
  const startFrom = options.startFrom ?? (options.group === undefined ? 'earliest' : 'committed');
  if (startFrom === 'committed' && options.group === undefined) throw new ConfigError('startFrom', "'committed' needs a group");
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'raw') throw new ConfigError('format', `must be 'json' or 'raw', got '${String(format)}'`);
  if (options.map !== undefined && format !== 'raw') throw new ConfigError('map', "maps raw records: set format 'raw'");
  const settings = {
    log,
    group: options.group,
    decoder: format === 'json' ? jsonFormat({ schema: options.schema }) : undefined,
    map: options.map as RecordMapper<LogRecord, unknown> | undefined,
    ignoreParseErrors: options.ignoreParseErrors ?? false,
    pollTimeoutMs: options.pollTimeoutMs ?? 50,
    skipped: 0,
  };

  function startOffset(topic: string, partition: number): number {
    const from = startFrom === 'committed' ? log.committed(options.group!, topic, partition) ?? options.resetTo ?? 'earliest' : startFrom;
    if (typeof from === 'number') return Math.max(from, log.beginningOffset(topic, partition));
    return from === 'latest' ? log.endOffset(topic, partition) : log.beginningOffset(topic, partition);
  }

  return markInProcessLog({
    name: options.name ?? `log:${topics.join(',')}`,
    bounded: options.bounded ?? false,
    get skipped() {
      return settings.skipped;
    },
    splits(ctx?: SourceContext): LogSplit[] {
      const splits: LogSplit[] = [];
      const parallelism = ctx?.parallelism ?? 1;
      for (const topic of topics) {
        if (!log.hasTopic(topic)) throw new SluiceError(`log source: topic '${topic}' does not exist`);
        for (let partition = 0; partition < log.partitions(topic); partition++) {
          if (ownerTask(topic, partition, parallelism, topics.length > 1) !== (ctx?.taskIndex ?? 0)) continue;
          splits.push({ id: `${topic}-${partition}`, topic, partition });
        }
      }
      return splits;
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<T> {
      const { topic, partition } = splitOf(split);
      const restored = position as LogPosition | undefined;
      const offset = restored?.offset ?? startOffset(topic, partition);
      const end = restored ? restored.end : options.bounded ? log.endOffset(topic, partition) : undefined;
      return new LogSplitReader<T>(settings, topic, partition, offset, end);
    },
  });
}

/** The topic and partition of a split, also when only its id survived (`topic-partition`). */
function splitOf(split: SourceSplit): { topic: string; partition: number } {
  const s = split as Partial<LogSplit>;
  if (s.topic !== undefined && s.partition !== undefined) return { topic: s.topic, partition: s.partition };
  const dash = split.id.lastIndexOf('-');
  return { topic: split.id.slice(0, dash), partition: Number(split.id.slice(dash + 1)) };
}
