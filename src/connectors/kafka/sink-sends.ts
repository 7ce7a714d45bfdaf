import type { KafkaClient } from './client.ts';
import type { KafkaProducer, OutgoingRecord } from './producer.ts';
import type { TaskTransaction } from './task-transaction.ts';

/**
 * What a Kafka-writing sink (the Kafka sink, a source's dead-letter topic) holds while open: its own
 * client and producer, or (exactly-once) the task's shared transaction.
 */
export interface SinkConnection {
  readonly client?: KafkaClient;
  readonly producer?: KafkaProducer;
  readonly transaction?: TaskTransaction;
}

/**
 * The sends of one Kafka-writing sink, kept in order: each waits for the one before, and after a
 * failure the later ones are not attempted (the failure is what `done` reports), so a checkpoint
 * never commits a batch written after one that was lost.
 *
 * @example
 * const sends = new SinkSends();
 * sends.send(connected(), records);
 * await sends.done(); // before prepareCommit
 */
export class SinkSends {
  #last: Promise<void> = Promise.resolve();

  /** Queues records behind the earlier sends, through the transaction if there is one, else the producer. */
  send(connection: SinkConnection, records: readonly OutgoingRecord[]): Promise<void> {
    const { transaction, producer } = connection;
    this.#last = this.#last.then(() => (transaction !== undefined ? transaction.send(records) : producer!.send(records)));
    return this.#last;
  }

  /** For fire-and-forget delivery: a failure so far is handed to `report` instead of stopping later sends. */
  forgiveFailures(report: (error: unknown) => void): void {
    this.#last = this.#last.catch(report);
  }

  /** Settles when every queued send has; rejects with the first failure. */
  done(): Promise<void> {
    return this.#last;
  }

  /** Waits for the queued sends, whatever their outcome, and starts afresh (on abort and close). */
  async drain(): Promise<void> {
    await this.#last.catch(() => {});
    this.#last = Promise.resolve();
  }
}

/**
 * Releases a sink's connection: leaves the task's shared transaction first (the last sink to leave
 * aborts what was never prepared), then closes the producer and the client.
 *
 * @example
 * await closeSinkConnection({ client, producer }); // what an at-least-once sink's open() made
 */
export async function closeSinkConnection(connection: SinkConnection | undefined): Promise<void> {
  if (connection === undefined) return;
  await connection.transaction?.leave();
  await connection.producer?.close();
  await connection.client?.close();
}
