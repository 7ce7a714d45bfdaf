import { findErrorBy, kGetApi, ProduceAcks, Producer, type Consumer, type Message, type MessageToProduce } from '@platformatic/kafka';
import { SluiceError } from '../../core/errors.ts';
import type { TopicPartitionOffset } from './client.ts';
import { kafkaErrorText } from './kafka-errors.ts';

type Transaction = Awaited<ReturnType<Producer['beginTransaction']>>;

export interface KafkaProducerOptions {
  readonly servers: readonly string[];
  readonly clientId: string;
  /** Makes the producer transactional; a new producer with the same id fences the old one. */
  readonly transactionalId?: string;
  /** Idempotent (acks=all, no duplicates on retry). Default true; a transactional producer always is. */
  readonly idempotent?: boolean;
  /**
   * Kafka's transaction.timeout.ms: the broker aborts a transaction open longer. Default 60 000.
   * @platformatic/kafka sends its request timeout as the transaction timeout, so this is both.
   */
  readonly transactionTimeoutMs?: number;
  /**
   * How long a send or transaction step keeps retrying retriable errors (a broker down, a leader or
   * coordinator moving) before it fails: Kafka's delivery.timeout.ms. Default 60 000.
   */
  readonly deliveryTimeoutMs?: number;
  /** Finds the node coordinating a consumer group (needed to commit offsets in a transaction). */
  readonly groupCoordinator?: (group: string) => Promise<number>;
}

/** The first retry waits this long; each next one twice as long, up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 2_000;

/**
 * The wait before retry `attempt` (1-based): 100 ms doubling to 2 s.
 *
 * @example
 * retryBackoff(1) // 100
 * retryBackoff(9) // 2000
 */
export function retryBackoff(attempt: number): number {
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
}

/**
 * How many retries with {@link retryBackoff} waits add up to `deadlineMs`. The client counts retries,
 * not time, so the deadline becomes a count: each retry also spends a request's time, so the real
 * time before giving up is at least the deadline.
 *
 * @example
 * retriesWithin(60_000) // 34
 */
export function retriesWithin(deadlineMs: number): number {
  let retries = 0;
  for (let waited = 0; waited < deadlineMs; waited += retryBackoff(++retries));
  return retries;
}

/** A group offset to commit in a transaction, with the commit's metadata string (Kafka's OffsetAndMetadata). */
export interface OffsetWithMetadata extends TopicPartitionOffset {
  readonly metadata?: string;
}

/** A record to send, already encoded. Without a partition it goes to partition 0. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer>>;
  readonly timestamp?: number;
}

/**
 * A producer as the engine needs it: send encoded records to chosen partitions and wait for the
 * acks; with a transactional id, `initTransactions` (fencing any older producer with that id and
 * aborting what it left open), then `begin` / `send` / `sendOffsets` / `commit` or `abort`.
 *
 * Works around three bugs of @platformatic/kafka 2.12.1. InitProducerId is sent with producer id -1
 * (none), not the client's default 0, without which a new process cannot take over (and fence) a
 * transactional id still held by a crashed one. `sendOffsets` commits one partition at a time: the
 * client runs concurrent `Transaction.addOffset` calls as one deduplicated operation (they share the
 * operation key 'commit'), so all but the first partition would silently not be committed. And its
 * retries of a TxnOffsetCommit all go to the group coordinator first named, so each retry looks the
 * coordinator up again (a broker lost mid-transaction). Retriable errors are retried with backoff
 * for `deliveryTimeoutMs`, then the error names what the brokers said.
 *
 * @example
 * const producer = kafka.producer({ transactionalId: 'stocks-0' });
 * await producer.initTransactions();
 * await producer.begin();
 * await producer.send([{ topic: 'out', partition: 0, key: null, value: Buffer.from('{}') }]);
 * await producer.sendOffsets('stocks', [{ topic: 'in', partition: 0, offset: 42 }]);
 * await producer.commit();
 */
export class KafkaProducer {
  readonly transactionalId: string | undefined;
  private readonly producer: Producer;
  private readonly groupCoordinator: ((group: string) => Promise<number>) | undefined;
  private transaction: Transaction | undefined;
  private readonly deliveryTimeoutMs: number;
  /** Set while `sendOffsets` runs: the client retries a TxnOffsetCommit, the group's coordinator may have moved. */
  private onOffsetCommitRetry: (() => void) | undefined;
  /** The metadata string of the offset `sendOffsets` is committing, by group, topic and partition (see withOffsetMetadata). */
  private readonly offsetMetadata = new Map<string, string>();

  constructor(options: KafkaProducerOptions) {
    this.transactionalId = options.transactionalId;
    this.groupCoordinator = options.groupCoordinator;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 60_000;
    const idempotent = options.transactionalId !== undefined || (options.idempotent ?? true);
    this.producer = new Producer({
      clientId: options.clientId,
      bootstrapBrokers: [...options.servers],
      idempotent,
      transactionalId: options.transactionalId,
      acks: idempotent ? ProduceAcks.ALL : ProduceAcks.LEADER,
      // "No producer yet" is -1/-1 in InitProducerId; the client's default 0/0 asks the broker to bump
      // the epoch of producer 0, which it refuses (PRODUCER_FENCED) once another producer holds the id.
      producerId: -1n,
      producerEpoch: -1,
      // Retriable errors (a broker down, a leader or coordinator failing over, an older producer's
      // transaction still being aborted) are retried with backoff for deliveryTimeoutMs. The client
      // retries a produce with the same sequence numbers, so a retry never duplicates a record.
      retries: retriesWithin(this.deliveryTimeoutMs),
      retryDelay: (_client: unknown, operationId: string, attempt: number) => {
        if (operationId === 'commit') this.onOffsetCommitRetry?.();
        return retryBackoff(attempt);
      },
      timeout: options.transactionTimeoutMs ?? 60_000,
    });
    withOffsetMetadata(this.producer, this.offsetMetadata);
  }

  get inTransaction(): boolean {
    return this.transaction !== undefined;
  }

  /** Registers the transactional id (InitProducerId): fences older producers and aborts their open transaction. */
  async initTransactions(): Promise<void> {
    this.requireTransactional('initTransactions');
    try {
      const transaction = await this.producer.beginTransaction();
      await transaction.cancel(); // nothing was sent: the broker never heard of this transaction
    } catch (error) {
      throw new SluiceError(`Kafka producer '${this.transactionalId}': cannot initialize transactions${this.gaveUp(error)}: ${kafkaErrorText(error)}`, { cause: error });
    }
  }

  async begin(): Promise<void> {
    this.requireTransactional('begin');
    if (this.transaction !== undefined) throw new SluiceError(`Kafka producer '${this.transactionalId}': a transaction is already open`);
    try {
      this.transaction = await this.producer.beginTransaction();
    } catch (error) {
      throw new SluiceError(`Kafka producer '${this.transactionalId}': cannot begin a transaction${this.gaveUp(error)}: ${kafkaErrorText(error)}`, { cause: error });
    }
  }

  /** Sends records and waits for the acks; inside the open transaction when there is one. */
  async send(records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const messages: MessageToProduce<Buffer, Buffer, Buffer, Buffer>[] = new Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      messages[i] = {
        topic: r.topic,
        partition: r.partition,
        key: r.key ?? undefined,
        value: r.value ?? undefined,
        headers: r.headers === undefined ? undefined : headerMap(r.headers),
        timestamp: r.timestamp === undefined ? undefined : BigInt(Math.trunc(r.timestamp)),
      };
    }
    try {
      if (this.transaction !== undefined) await this.transaction.send({ messages });
      else await this.producer.send({ messages });
    } catch (error) {
      throw new SluiceError(`Kafka produce to '${records[0].topic}' failed${this.gaveUp(error)}: ${kafkaErrorText(error)}`, { cause: error });
    }
  }

  /**
   * Commits a group's offsets (each the next offset the group will read) as part of the open
   * transaction: they become visible exactly when it commits (consume-transform-produce).
   */
  async sendOffsets(group: string, offsets: readonly OffsetWithMetadata[]): Promise<void> {
    const transaction = this.transaction;
    if (transaction === undefined) throw new SluiceError(`Kafka producer '${this.transactionalId}': sendOffsets needs an open transaction`);
    if (offsets.length === 0) return;
    if (this.groupCoordinator === undefined) throw new SluiceError('Kafka producer: no group coordinator lookup configured');
    const lookup = this.groupCoordinator;
    try {
      // The client sends every retry of a TxnOffsetCommit to the coordinator named in the message,
      // which stays the dead one when that broker is lost. It reads the id at each attempt, so it is a
      // getter over the newest answer of a lookup that every retry starts afresh.
      let coordinatorId = await this.coordinatorWithin(lookup, group);
      let refreshing = false;
      this.onOffsetCommitRetry = () => {
        if (refreshing) return;
        refreshing = true;
        lookup(group).then((id) => { coordinatorId = id; }, () => {}).finally(() => { refreshing = false; });
      };
      const consumer = { groupId: group, generationId: -1, memberId: '', get coordinatorId() { return coordinatorId; } };
      // addConsumer reads only the group id (AddOffsetsToTxn); the engine's readers are not group members.
      await transaction.addConsumer({ groupId: group } as Consumer);
      for (const { topic, partition, offset, metadata } of offsets) {
        // The client commits `message.offset + 1`; generation -1 and no member id: a commit from outside group management.
        const message = { topic, partition, offset: BigInt(offset) - 1n, metadata: { consumer } } as unknown as Message;
        const key = offsetKey(group, topic, partition);
        if (metadata !== undefined) this.offsetMetadata.set(key, metadata);
        try {
          await transaction.addOffset(message);
        } finally {
          this.offsetMetadata.delete(key);
        }
      }
    } catch (error) {
      throw new SluiceError(`Kafka producer '${this.transactionalId}': cannot add offsets of group '${group}' to the transaction${this.gaveUp(error)}: ${kafkaErrorText(error)}`, { cause: error });
    } finally {
      this.onOffsetCommitRetry = undefined;
    }
  }

  async commit(): Promise<void> {
    const transaction = this.transaction;
    if (transaction === undefined) throw new SluiceError(`Kafka producer '${this.transactionalId}': no transaction to commit`);
    try {
      await transaction.commit();
      this.transaction = undefined;
    } catch (error) {
      throw new SluiceError(`Kafka producer '${this.transactionalId}': commit failed${this.gaveUp(error)}: ${kafkaErrorText(error)}`, { cause: error });
    }
  }

  /** Aborts the open transaction, if any (its records stay invisible to read_committed readers). */
  async abort(): Promise<void> {
    const transaction = this.transaction;
    if (transaction === undefined) return;
    this.transaction = undefined;
    try {
      await transaction.abort();
    } catch {
      // Fenced or unreachable: the broker aborts it on the next initTransactions or after its timeout.
      await transaction.cancel().catch(() => {});
    }
  }

  async close(): Promise<void> {
    await this.producer.close(true).catch(() => {});
  }

  /** ' after retrying for N ms' when the error is one the client retried until the deadline. */
  /**
   * The group's coordinator, looked up again with backoff while no broker answers, for up to
   * `deliveryTimeoutMs`: the lookup's own client gives up after a few quick retries, far sooner than a
   * broker takes to restart, and a transaction must ride that out as its produces do.
   */
  private async coordinatorWithin(lookup: (group: string) => Promise<number>, group: string): Promise<number> {
    const deadline = Date.now() + this.deliveryTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await lookup(group);
      } catch (error) {
        const wait = retryBackoff(attempt);
        const retriable = !(error instanceof Error) || findErrorBy(error, 'canRetry', false) === null;
        if (!retriable || Date.now() + wait > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private gaveUp(error: unknown): string {
    return error instanceof Error && findErrorBy(error, 'canRetry', false) === null ? ` after retrying for ${this.deliveryTimeoutMs} ms` : '';
  }

  private requireTransactional(operation: string): void {
    if (this.transactionalId === undefined) throw new SluiceError(`Kafka producer: ${operation} needs a transactionalId`);
  }
}

function offsetKey(group: string, topic: string, partition: number): string {
  return `${group}\u0000${topic}\u0000${partition}`;
}

type ApiCallback = (error: unknown, api?: (...args: unknown[]) => unknown) => void;
type TxnTopics = { name: string; partitions: { partitionIndex: number; committedMetadata?: string | null }[] }[];

/**
 * @platformatic/kafka 2.12.1 commits transactional offsets without their metadata string (its
 * TxnOffsetCommit request has the field; the producer never fills it). This wraps the producer's API
 * lookup so a TxnOffsetCommit carries the metadata `sendOffsets` registered for the partition.
 */
function withOffsetMetadata(producer: Producer, metadata: ReadonlyMap<string, string>): void {
  const target = producer as unknown as Record<typeof kGetApi, (name: string, callback: ApiCallback) => void>;
  const getApi = target[kGetApi].bind(producer);
  target[kGetApi] = (name: string, callback: ApiCallback) => {
    if (name !== 'TxnOffsetCommit') return getApi(name, callback);
    getApi(name, (error, api) => {
      if (error || api === undefined) return callback(error, api);
      // (connection, transactionalId, groupId, producerId, producerEpoch, generationId, memberId, groupInstanceId, topics, callback)
      callback(null, (...args: unknown[]) => {
        const group = args[2] as string;
        for (const topic of args[8] as TxnTopics) {
          for (const p of topic.partitions) p.committedMetadata ??= metadata.get(offsetKey(group, topic.name, p.partitionIndex)) ?? null;
        }
        return api(...args);
      });
    });
  };
}

/** Without serializers the client wants header keys as bytes too. */
function headerMap(headers: Readonly<Record<string, Buffer>>): Map<Buffer, Buffer> {
  const map = new Map<Buffer, Buffer>();
  for (const key in headers) map.set(Buffer.from(key), headers[key]);
  return map;
}
