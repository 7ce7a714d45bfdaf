/**
 * Tests against the real schema registry (and the real broker): where the registry is, and a test
 * wrapper that refuses to pass silently without both in CI. `npm test` (scripts/run-tests.ts)
 * starts Apicurio Registry (scripts/registry/registry.ts) and sets SCHEMA_REGISTRY_URL.
 */
import { test, type TestContext } from 'node:test';
import { kafkaBootstrap } from './kafka-env.ts';

const NOT_SET = 'SCHEMA_REGISTRY_URL or KAFKA_BOOTSTRAP_SERVERS is not set; CI must run the schema-registry tests';

/**
 * The registry's Confluent-compatible URL; throws inside a registryTest when none is configured.
 *
 * @example
 * const url = requireRegistryUrl(); // 'http://127.0.0.1:40123/apis/ccompat/v7'
 */
export function requireRegistryUrl(): string {
  const value = process.env.SCHEMA_REGISTRY_URL;
  if (value === undefined || value === '') throw new Error(NOT_SET);
  return value;
}

/**
 * A node:test `test` that needs the schema registry and a broker: skipped loudly on a developer's
 * machine without them, failing when CI=true.
 *
 * @example
 * registryTest('a written record names its schema', async () => { const url = requireRegistryUrl(); });
 */
export function registryTest(name: string, fn: (t: TestContext) => void | Promise<void>): Promise<void> {
  const ready = (process.env.SCHEMA_REGISTRY_URL ?? '') !== '' && kafkaBootstrap() !== undefined;
  if (ready) return test(name, fn);
  if (process.env.CI === 'true') return test(name, () => { throw new Error(NOT_SET); });
  return test(name, { skip: 'SCHEMA_REGISTRY_URL is not set: no schema registry to test against (npx node scripts/registry/registry.ts start)' }, fn);
}
