import { KafkaClient } from './client.ts';
import type { PartitionFetcher } from './fetcher.ts';
import { OffsetCommitter } from './offset-committer.ts';
import type { RecordDecoder } from './record-decoder.ts';
import type { ResolvedSourceOptions } from './source-options.ts';
import type { KafkaReaderShared } from './split-reader.ts';

/**
 * The connections one source's readers share: the admin client, the fetcher and the group's offset
 * committer. They close when the last reader closes — one turn of the
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
  private readers = 0;
  private pendingClose: NodeJS.Immediate | undefined;
  /** Listings in flight (see beginListing). */
  private listings = 0;
  closed = false;

  private constructor(client: KafkaClient, options: ResolvedSourceOptions, decoder: RecordDecoder) {
    this.client = client;
    this.decoder = decoder;
    this.fetcher = client.fetcher({
      readCommitted: options.readCommitted, maxWaitMs: options.pollTimeoutMs,
      // An offset gone from the log fails the job unless the user chose where to go on.
      resetTo: options.autoOffsetReset ?? 'none',
      retryForMs: options.fetchRetryTimeoutMs,
    });
    this.committer = options.groupId === undefined ? undefined : new OffsetCommitter(client, options.groupId);
  }

  static async open(options: ResolvedSourceOptions, servers: readonly string[], decoder: RecordDecoder): Promise<SourceResources> {
    const client = await KafkaClient.connect({ bootstrapServers: servers, connectTimeoutMs: options.connectTimeoutMs, clientId: options.clientId });
    return new SourceResources(client, options, decoder);
  }

  /** A reader starts using the resources. */
  acquire(): void {
    this.keep();
    this.readers++;
  }

  /**
   * A listing of splits (or a discovery round) starts: the resources stay open until it ends, also
   * when another task sharing them releases its last reader meanwhile.
   */
  beginListing(): void {
    this.keep();
    this.listings++;
  }

  /** A listing ended: close soon unless readers (or other listings) still use the resources. */
  endListing(): void {
    this.listings = Math.max(0, this.listings - 1);
    this.closeSoon();
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
    if (this.readers > 0 || this.listings > 0 || this.closed || this.pendingClose !== undefined) return;
    this.pendingClose = setImmediate(() => {
      this.pendingClose = undefined;
      if (this.readers === 0 && this.listings === 0) void this.close();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.keep();
    await this.committer?.flush();
    await this.fetcher.close();
    await this.client.close();
  }
}
