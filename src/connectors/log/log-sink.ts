import { ConfigError, SluiceError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { jsonFormat } from '../../formats/json.ts';
import type { Sink, SinkContext } from '../spi.ts';
import { markInProcessLog } from './in-process-connectors.ts';
import type { InProcessLog } from './in-process-log.ts';
import type { LogKey, LogRecordInput } from './log-record.ts';

/**
 * Options of {@link logSink}: the topic of the in-process log to write and how.
 *
 * @example
 * const options: LogSinkOptions<StockTrade> = { topic: 'large_trades', autoCreate: { partitions: 1 } };
 */
export interface LogSinkOptions<T> {
  readonly topic: string;
  /** 'json' (default): each value is stored as its JSON text. 'raw': the value is stored as is. */
  readonly format?: 'json' | 'raw';
  /** The record key, which picks the partition (murmur2 as Kafka); without it, round robin. */
  readonly key?: (value: T) => LogKey;
  /** Create the topic when missing, instead of failing. */
  readonly autoCreate?: { readonly partitions: number };
  /** Default `<job>-<topic>-<task>`: what makes a re-run commit after a restore append nothing. */
  readonly transactionalId?: string;
  readonly name?: string;
}

/** The records of one checkpoint, kept in the checkpoint so a restore can still commit them. */
interface PreparedRecords {
  readonly records: LogRecordInput[];
}

/**
 * Writes to a topic of an {@link InProcessLog} exactly once, as Kafka's transactional producer does:
 * records are held per checkpoint and appended when the checkpoint commits, under a transactional id
 * that the log remembers, so a commit run again after a restore appends nothing and a reader sees
 * each record once across crashes. Records without an event time get the log's clock.
 *
 * @example
 * const sink = logSink<Row>(log, { topic: 'enriched', key: (row) => String(row.symbol) });
 */
export function logSink<T = Row>(log: InProcessLog, options: LogSinkOptions<T>): Sink<T> {
  const { topic } = options;
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'raw') throw new ConfigError('format', `must be 'json' or 'raw', got '${String(format)}'`);
  const encoder = format === 'json' ? jsonFormat() : undefined;
  const keyOf = options.key;
  let pending: LogRecordInput[] = [];
  let transactionalId: string | undefined;
  let openedTask: number | undefined;

  return markInProcessLog({
    name: options.name ?? `log:${topic}`,
    open(ctx: SinkContext) {
      if (openedTask !== undefined && openedTask !== ctx.taskIndex) {
        throw new SluiceError(`log sink '${topic}': one sink instance per task (already open for task ${openedTask})`);
      }
      openedTask = ctx.taskIndex;
      if (!log.hasTopic(topic)) {
        if (options.autoCreate === undefined) {
          throw new SluiceError(`log sink: topic '${topic}' does not exist (create it, or pass autoCreate: { partitions })`);
        }
        log.createTopic(topic, { partitions: options.autoCreate.partitions, ifNotExists: true });
      }
      transactionalId = options.transactionalId ?? `${ctx.jobName}-${topic}-${ctx.taskIndex}`;
      log.initTransactions(transactionalId, ctx.restoredCheckpointId);
    },
    write(values: T[], times: number[]) {
      const now = log.now();
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        const time = times[i];
        pending.push({
          key: keyOf === undefined ? null : keyOf(value),
          value: encoder === undefined ? value : encoder.encode(value as Row),
          timestamp: Number.isFinite(time) ? time : now,
        });
      }
    },
    prepareCommit(): PreparedRecords | null {
      if (pending.length === 0) return null;
      const prepared = { records: pending };
      pending = [];
      return prepared;
    },
    commit(checkpointId: number, prepared: unknown) {
      const p = prepared as PreparedRecords | null;
      if (p === null || p === undefined) return;
      if (transactionalId === undefined) throw new SluiceError(`log sink '${topic}': commit before open`);
      log.produceTransactional(transactionalId, checkpointId, topic, p.records);
    },
    abort() {
      pending = [];
    },
    close() {
      pending = [];
    },
  });
}
