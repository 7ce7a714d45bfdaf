/**
 * Spark's Kafka offset options — `startingOffsets` / `endingOffsets` as 'earliest', 'latest' or
 * JSON per partition (`{"trades":{"0":23,"1":-2}}`, -2 = earliest, -1 = latest) — turned into
 * Flink's `scan.startup.*` / `scan.bounded.*` table options. Flink's specific offsets name
 * partitions without a topic, so offsets by number are only possible when exactly one topic is
 * subscribed; the in-process log starts only at its earliest or latest offsets. What cannot be
 * expressed fails naming the option, rather than reading from somewhere else.
 */
import { ConfigError } from '../../core/errors.ts';

/**
 * Where reading starts or ends, as the option said it.
 *
 * @example
 * const choice: OffsetChoice = { kind: 'partitions', offsets: [{ topic: 'trades', partition: 0, offset: 23 }] };
 */
export type OffsetChoice =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'partitions'; readonly offsets: readonly TopicPartitionOffset[] };

/**
 * One entry of the JSON form; offset -2 is earliest, -1 latest.
 *
 * @example
 * const entry: TopicPartitionOffset = { topic: 'trades', partition: 1, offset: -2 };
 */
export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * What the translation needs to know about the source besides the option.
 *
 * @example
 * const ctx: OffsetContext = { option: 'startingOffsets', connector: 'kafka', streaming: true, topics: ['trades'], groupId: undefined };
 */
export interface OffsetContext {
  /** The option as the user spelt it (for errors). */
  readonly option: string;
  readonly connector: 'kafka' | 'sluice-log';
  readonly streaming: boolean;
  /** The subscribed topics; undefined for subscribePattern. */
  readonly topics: readonly string[] | undefined;
  /** With a group, Flink starts partitions not given specific offsets at the group's offsets. */
  readonly groupId: string | undefined;
}

const EARLIEST = -2;
const LATEST = -1;

/**
 * Reads 'earliest', 'latest' or the JSON form of an offsets option.
 *
 * @example
 * parseOffsets('startingOffsets', '{"trades":{"0":23,"1":-2}}')
 * // { kind: 'partitions', offsets: [{ topic: 'trades', partition: 0, offset: 23 }, { topic: 'trades', partition: 1, offset: -2 }] }
 */
export function parseOffsets(option: string, text: string): OffsetChoice {
  const word = text.trim().toLowerCase();
  if (word === 'earliest' || word === 'latest') return { kind: word };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(option, `must be 'earliest', 'latest' or JSON such as {"topic":{"0":23,"1":-2}} (-2 = earliest, -1 = latest), got '${text}'`);
  }
  if (!isObject(json) || Object.keys(json).length === 0) throw new ConfigError(option, `expected a JSON object of topics, such as {"topic":{"0":23}}, got ${text}`);
  const offsets: TopicPartitionOffset[] = [];
  for (const [topic, partitions] of Object.entries(json)) {
    if (!isObject(partitions)) throw new ConfigError(option, `topic '${topic}' must map partitions to offsets, such as {"0":23}, got ${JSON.stringify(partitions)}`);
    for (const [key, offset] of Object.entries(partitions)) {
      const partition = Number(key);
      if (!/^\d+$/.test(key) || !Number.isSafeInteger(partition)) throw new ConfigError(option, `'${key}' of topic '${topic}' is not a partition number`);
      if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < EARLIEST) {
        throw new ConfigError(option, `the offset of ${topic}-${partition} must be a whole number, -2 (earliest) or -1 (latest), got ${JSON.stringify(offset)}`);
      }
      offsets.push({ topic, partition, offset });
    }
  }
  return { kind: 'partitions', offsets };
}

/**
 * Flink's startup options for a starting position (Spark: batch queries cannot start at latest).
 *
 * @example
 * startupOptions({ kind: 'earliest' }, ctx) // { 'scan.startup.mode': 'earliest-offset' }
 */
export function startupOptions(choice: OffsetChoice, ctx: OffsetContext): Record<string, string> {
  checkSubscribed(choice, ctx);
  const uniform = uniformChoice(choice);
  if (uniform === 'earliest') return { 'scan.startup.mode': 'earliest-offset' };
  if (uniform === 'latest') {
    if (!ctx.streaming) throw new ConfigError(ctx.option, "cannot be 'latest' (or -1) for a batch query: it would read nothing (Spark's rule); use 'earliest' or offsets");
    return { 'scan.startup.mode': 'latest-offset' };
  }
  const offsets = (choice as Extract<OffsetChoice, { kind: 'partitions' }>).offsets;
  const latest = offsets.find((o) => o.offset === LATEST);
  if (latest !== undefined) {
    if (!ctx.streaming) throw new ConfigError(ctx.option, `the offset of ${latest.topic}-${latest.partition} cannot be -1 (latest) for a batch query (Spark's rule)`);
    throw new ConfigError(ctx.option, `cannot mix -1 (latest, ${latest.topic}-${latest.partition}) with other offsets: Flink's specific startup offsets take offset numbers; give the number, or use 'latest' for every partition`);
  }
  const topic = singleTopic(ctx);
  if (ctx.groupId !== undefined && offsets.some((o) => o.offset === EARLIEST)) {
    throw new ConfigError(ctx.option, "with 'kafka.group.id', partitions given -2 (earliest) would start at the group's committed offsets; give their offsets as numbers, or leave out the group id");
  }
  // Partitions without an offset (those given -2, or not listed) start at the earliest.
  const given = offsets.filter((o) => o.offset >= 0 && o.topic === topic);
  return { 'scan.startup.mode': 'specific-offsets', 'scan.startup.specific-offsets': flinkOffsets(given) };
}

/**
 * Flink's bounded options for a batch query's end (Spark: never 'earliest'; -1 = latest).
 *
 * @example
 * boundedOptions({ kind: 'latest' }, ctx) // { 'scan.bounded.mode': 'latest-offset' }
 */
export function boundedOptions(choice: OffsetChoice, ctx: OffsetContext): Record<string, string> {
  if (ctx.streaming) throw new ConfigError(ctx.option, "is for batch queries (spark.read) only: a streaming query reads until it is stopped (Spark's rule)");
  checkSubscribed(choice, ctx);
  const uniform = uniformChoice(choice);
  const earliest = choice.kind === 'earliest' ? 'earliest' : choice.kind === 'partitions' ? choice.offsets.find((o) => o.offset === EARLIEST) : undefined;
  if (earliest !== undefined) {
    const which = typeof earliest === 'string' ? "'earliest'" : `-2 (earliest, ${earliest.topic}-${earliest.partition})`;
    throw new ConfigError(ctx.option, `cannot be ${which}: a batch query ending at the earliest offsets reads nothing (Spark's rule)`);
  }
  if (uniform === 'latest') return { 'scan.bounded.mode': 'latest-offset' };
  const offsets = (choice as Extract<OffsetChoice, { kind: 'partitions' }>).offsets;
  const topic = singleTopic(ctx);
  // Partitions given -1 (or not listed) end at the latest offset.
  const given = offsets.filter((o) => o.offset >= 0 && o.topic === topic);
  return { 'scan.bounded.mode': 'specific-offsets', 'scan.bounded.specific-offsets': flinkOffsets(given) };
}

/** As Spark: the JSON form names only subscribed topics. */
function checkSubscribed(choice: OffsetChoice, ctx: OffsetContext): void {
  if (choice.kind !== 'partitions' || ctx.topics === undefined) return;
  const other = choice.offsets.find((o) => !ctx.topics!.includes(o.topic));
  if (other !== undefined) throw new ConfigError(ctx.option, `names topic '${other.topic}', which is not subscribed (subscribe = '${ctx.topics.join(',')}')`);
}

/** 'earliest' / 'latest' when every partition says the same, else undefined. */
function uniformChoice(choice: OffsetChoice): 'earliest' | 'latest' | undefined {
  if (choice.kind !== 'partitions') return choice.kind;
  if (choice.offsets.every((o) => o.offset === EARLIEST)) return 'earliest';
  if (choice.offsets.every((o) => o.offset === LATEST)) return 'latest';
  return undefined;
}

/** The one subscribed topic offsets by number can apply to. */
function singleTopic(ctx: OffsetContext): string {
  if (ctx.connector === 'sluice-log') {
    throw new ConfigError(ctx.option, "the in-process log ('sluice-log') starts at its earliest or latest offsets only; offsets by number need format 'kafka'");
  }
  if (ctx.topics === undefined || ctx.topics.length !== 1) {
    throw new ConfigError(ctx.option, `offsets by number need exactly one topic in 'subscribe' (Flink's specific offsets name partitions, not topics), but the source reads ${ctx.topics === undefined ? "a 'subscribePattern'" : `${ctx.topics.length} topics`}; read each topic as its own source, or use 'earliest' / 'latest'`);
  }
  return ctx.topics[0];
}

/** Flink's `partition:0,offset:42;partition:1,offset:300`. */
function flinkOffsets(offsets: readonly TopicPartitionOffset[]): string {
  return offsets.map((o) => `partition:${o.partition},offset:${o.offset}`).join(';');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
