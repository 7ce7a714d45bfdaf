import type { KafkaClient } from './client.ts';
import { kafkaErrorText } from './kafka-errors.ts';
import { log } from '../../core/log.ts';

/**
 * Commits a group's offsets after checkpoints, off the job's critical path, as Flink's Kafka source
 * does: the offsets are for monitoring and for `group-offsets` starts, while the checkpoint is what
 * the job restores from. Commits arriving together (every reader of a checkpoint) go out as one
 * request; one request at a time, so a later offset is never overwritten by an earlier one. A failed
 * commit is reported and the next checkpoint's commit repairs it.
 *
 * @example
 * const committer = new OffsetCommitter(kafka, 'stats');
 * committer.commit('trades', 0, 42);
 * await committer.flush();
 */
export class OffsetCommitter {
  private readonly client: KafkaClient;
  readonly group: string;
  private pending = new Map<string, { topic: string; partition: number; offset: number }>();
  private running: Promise<void> | undefined;
  private scheduled = false;
  /** The last failure, kept for tests and status. */
  lastError: unknown;

  constructor(client: KafkaClient, group: string) {
    this.client = client;
    this.group = group;
  }

  /** Queues an offset (the next one the group will read) for a partition. */
  commit(topic: string, partition: number, offset: number): void {
    this.pending.set(`${topic}\u0000${partition}`, { topic, partition, offset });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** Resolves when everything queued so far has been sent. */
  async flush(): Promise<void> {
    while (this.running !== undefined || this.pending.size > 0) {
      if (this.running === undefined) void this.drain();
      await this.running;
    }
  }

  private drain(): Promise<void> {
    if (this.running !== undefined || this.pending.size === 0) return this.running ?? Promise.resolve();
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.running = this.client.commitOffsets(this.group, batch).then(
      () => {},
      (error: unknown) => {
        this.lastError = error;
        log.warn(`committing offsets of Kafka group '${this.group}' failed (the next checkpoint retries): ${kafkaErrorText(error)}`);
      },
    ).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0) void this.drain();
    });
    return this.running;
  }
}
