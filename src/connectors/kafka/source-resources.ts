import { SluiceError } from '../../core/errors.ts';
import { KafkaClient } from './client.ts';
import { DeadLetterWriter } from './dead-letter.ts';
import type { PartitionFetcher } from './fetcher.ts';
import { OffsetCommitter } from './offset-committer.ts';
import type { KafkaProducer } from './producer.ts';
import type { RecordDecoder } from './record-decoder.ts';
import type { ResolvedSourceOptions } from './source-options.ts';
import type { KafkaReaderShared } from './split-reader.ts';

/**
 * The connections one source's readers share: the admin client, the fetcher, the group's offset
 * committer and the dead-letter producer. They close when the last reader closes — one turn of the
 * event loop later, so a caller that reads splits one after the other (open a reader, drain it,
 * close it, open the next) keeps them. The group's offsets are committed before `release` resolves.
 *
 * @example
 * const resources = await SourceResources.open(options, servers, decoder);
 * resources.acquire(); // a reader
 * await resources.release();
 */
export class SourceResources implements KafkaReaderShared {
  readonly client: KafkaClient;
  readonly fetcher: PartitionFetcher;
  readonly decoder: RecordDecoder;
  readonly committer: OffsetCommitter | undefined;
  readonly deadLetters: DeadLetterWriter | undefined;
  private readonly dlqProducer: KafkaProducer | undefined;
  private readers = 0;
  private pendingClose: NodeJS.Immediate | undefined;
  closed = false;

  private constructor(client: KafkaClient, options: ResolvedSourceOptions, decoder: RecordDecoder, dlq: { producer: KafkaProducer; writer: DeadLetterWriter } | undefined) {
    this.client = client;
    this.decoder = decoder;
    this.fetcher = client.fetcher({ readCommitted: options.readCommitted, maxWaitMs: options.pollTimeoutMs });
    this.committer = options.groupId === undefined ? undefined : new OffsetCommitter(client, options.groupId);
    this.dlqProducer = dlq?.producer;
    this.deadLetters = dlq?.writer;
  }

  static async open(options: ResolvedSourceOptions, servers: readonly string[], decoder: RecordDecoder): Promise<SourceResources> {
    const client = await KafkaClient.connect({ bootstrapServers: servers, connectTimeoutMs: options.connectTimeoutMs, clientId: options.clientId });
    let dlq: { producer: KafkaProducer; writer: DeadLetterWriter } | undefined;
    if (options.deadLetterTopic !== undefined) {
      const count = (await client.partitionCounts([options.deadLetterTopic])).get(options.deadLetterTopic);
      if (count === undefined) {
        await client.close();
        throw new SluiceError(`Kafka source: the dead-letter topic '${options.deadLetterTopic}' does not exist (create it first)`);
      }
      const producer = client.producer();
      dlq = { producer, writer: new DeadLetterWriter(producer, options.deadLetterTopic, count) };
    }
    return new SourceResources(client, options, decoder, dlq);
  }

  /** A reader starts using the resources. */
  acquire(): void {
    this.keep();
    this.readers++;
  }

  /** Cancels a close scheduled when the last reader went away. */
  keep(): void {
    if (this.pendingClose !== undefined) clearImmediate(this.pendingClose);
    this.pendingClose = undefined;
  }

  /** A reader is done; the last one commits the group's offsets and schedules the close. */
  readonly release = async (): Promise<void> => {
    this.readers = Math.max(0, this.readers - 1);
    if (this.readers > 0) return;
    await this.committer?.flush();
    this.closeSoon();
  };

  /** Closes on the next turn of the event loop unless a reader (or a split listing) comes first. */
  closeSoon(): void {
    if (this.readers > 0 || this.closed || this.pendingClose !== undefined) return;
    this.pendingClose = setImmediate(() => {
      this.pendingClose = undefined;
      if (this.readers === 0) void this.close();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.keep();
    await this.committer?.flush();
    await this.fetcher.close();
    await this.dlqProducer?.close();
    await this.client.close();
  }
}
