import type { Sink } from '../spi.ts';
import type { KafkaConnectionOptions } from './client.ts';
import { closeSinkConnection, type SinkConnection, type SinkSends } from './sink-sends.ts';
import { checkpointCommitted } from './task-transaction.ts';
import type { PreparedTransaction } from './transactions.ts';

/** What {@link sinkCommitMethods} needs of a Kafka-writing sink. */
export interface SinkCommitOptions {
  /** The sink's queued sends: drained before an abort or a close. */
  readonly sends: SinkSends;
  /** Where to ask whether a prepared transaction committed (`acceptsCheckpoint` after a crash). */
  readonly connection: KafkaConnectionOptions;
  readonly servers: readonly string[];
  /** The open connection; throws (naming the sink) when the sink is not open. */
  connected(): SinkConnection;
  /** The open connection, or undefined (abort may come before open or after close). */
  current(): SinkConnection | undefined;
  /** Forgets the open connection (close: it is released, and the sink is no longer open). */
  forget(): void;
  /**
   * False when the sink writes without a transaction (not exactly-once): it then commits nothing and
   * accepts any checkpoint, whatever a checkpoint written under another guarantee prepared. Default true.
   */
  readonly transactional?: boolean;
}

/**
 * The second phase and the end of a Kafka-writing sink (the Kafka sink, a repartition topic's sink, a
 * source's dead-letter topic), the same for each: `commit` commits the task's shared transaction the
 * checkpoint prepared (a no-op for every sink after the first to commit it, and after a restore);
 * `acceptsCheckpoint` asks the broker whether that transaction committed; `abort` drains the sends
 * and aborts the open transaction; `close` drains them and releases the connection.
 *
 * @example
 * let open: SinkConnection | undefined;
 * const sink = {
 *   name: `kafka:${topic}`, open: connect, write, prepareCommit,
 *   ...sinkCommitMethods({
 *     sends, connection, servers, connected, current: () => open,
 *     forget: () => { open = undefined; },
 *   }),
 * };
 */
export function sinkCommitMethods(options: SinkCommitOptions): Pick<Sink<unknown>, 'commit' | 'acceptsCheckpoint' | 'abort' | 'close'> {
  const { sends, connection, servers, transactional = true } = options;
  return {
    async commit(checkpointId: number, prepared: unknown) {
      if (!transactional || prepared === null || prepared === undefined) return;
      await options.connected().transaction?.commit(checkpointId);
    },
    async acceptsCheckpoint(checkpointId: number, prepared: unknown): Promise<boolean> {
      if (!transactional || prepared === null || prepared === undefined) return true;
      const p = prepared as PreparedTransaction;
      if (p.checkpointId !== checkpointId) return false;
      return checkpointCommitted(connection, servers, p);
    },
    async abort() {
      await sends.drain();
      await options.current()?.transaction?.abort();
    },
    async close() {
      await sends.drain();
      const current = options.current();
      options.forget();
      await closeSinkConnection(current);
    },
  };
}
