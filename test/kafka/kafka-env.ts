/**
 * What every test against the real Kafka broker shares: where the broker is, a test wrapper
 * that refuses to pass silently without one in CI, and topic helpers.
 * `npm test` (scripts/run-tests.ts) starts a broker and sets KAFKA_BOOTSTRAP_SERVERS.
 */
import { test, type TestContext } from 'node:test';

export { addPartitions, createTopic, deleteRecords, deleteTopic, describeTopic } from '../../scripts/kafka/topics.ts';

const NOT_SET = 'KAFKA_BOOTSTRAP_SERVERS is not set; CI must run the Kafka tests';

/**
 * The broker's bootstrap servers ('127.0.0.1:PORT,...'), or undefined when none is configured.
 *
 * @example
 * const bootstrap = kafkaBootstrap() ?? '127.0.0.1:9092';
 */
export function kafkaBootstrap(): string | undefined {
  const value = process.env.KAFKA_BOOTSTRAP_SERVERS;
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Like kafkaBootstrap, for code inside a kafkaTest, where a broker is guaranteed.
 *
 * @example
 * kafkaTest('...', async () => { const bootstrap = requireKafkaBootstrap(); });
 */
export function requireKafkaBootstrap(): string {
  const value = kafkaBootstrap();
  if (value === undefined) throw new Error(NOT_SET);
  return value;
}

type KafkaTestFn = (t: TestContext) => void | Promise<void>;
type KafkaTestOptions = { timeout?: number; concurrency?: number | boolean };

let warned = false;

/**
 * A node:test `test` that needs a Kafka broker. Without KAFKA_BOOTSTRAP_SERVERS it is skipped
 * with a loud reason on a developer's machine, and FAILS when CI=true, so CI cannot go green
 * without running it.
 *
 * @example
 * kafkaTest('a produced line comes back', async () => {
 *   const bootstrap = requireKafkaBootstrap();
 *   // ...
 * });
 */
export function kafkaTest(name: string, fn: KafkaTestFn): Promise<void>;
export function kafkaTest(name: string, options: KafkaTestOptions, fn: KafkaTestFn): Promise<void>;
export function kafkaTest(name: string, second: KafkaTestFn | KafkaTestOptions, third?: KafkaTestFn): Promise<void> {
  const fn = typeof second === 'function' ? second : third;
  const options = typeof second === 'function' ? {} : second;
  if (fn === undefined) throw new Error('kafkaTest needs a test function');
  if (kafkaBootstrap() !== undefined) return test(name, options, fn);
  if (process.env.CI === 'true') {
    return test(name, options, () => {
      throw new Error(NOT_SET);
    });
  }
  if (!warned) {
    warned = true;
    console.warn('KAFKA TESTS SKIPPED: KAFKA_BOOTSTRAP_SERVERS is not set (npm test starts a broker when java and mvn are present; or run `npx node scripts/kafka/broker.ts start`)');
  }
  return test(name, { ...options, skip: 'KAFKA_BOOTSTRAP_SERVERS is not set: no Kafka broker to test against' }, fn);
}

let topicCounter = 0;

/**
 * A topic name no other test (or earlier run against the same broker) uses.
 *
 * @example
 * const topic = uniqueTopic('trades'); // 'trades-4242-lx3k9a-1'
 */
export function uniqueTopic(prefix: string): string {
  topicCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${topicCounter}`;
}
