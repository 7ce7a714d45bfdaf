/**
 * The unit + integration test run (`npm test` calls it): starts a real Kafka broker for the
 * Kafka tests when it can, runs `node --test`, stops the broker, exits with the tests' code.
 *
 *   KAFKA_BOOTSTRAP_SERVERS set     → tests use that broker
 *   java + mvn (or jars) or CI=true → a single-node broker from scripts/kafka/broker.ts
 *   otherwise                       → one loud "KAFKA TESTS SKIPPED" line; Kafka tests skip
 * and, when the chosen files need PostgreSQL, a throw-away server (scripts/postgres/for-tests.ts, PG_URL).
 * Beside a broker it starts, it starts the schema registry (scripts/registry/registry.ts) when the run
 * needs it — every test, or a named file that uses it — unless SCHEMA_REGISTRY_URL is set, and sets
 * SCHEMA_REGISTRY_URL for the avro-confluent tests.
 *
 * Usage: node scripts/run-tests.ts [node --test flags as --flag=value] [test files or globs]
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { isExecutable } from './debian-package.ts';
import { ensureKafkaJars, startKafka, type KafkaCluster } from './kafka/broker.ts';
import { javaBinary, kafkaJarsReady, REPO_ROOT } from './kafka/jars.ts';
import { ensureKcat } from './kafka/kcat.ts';
import { postgresForTests } from './postgres/for-tests.ts';
import type { PostgresServer } from './postgres/server.ts';
import { registryBuilt, startRegistry, type SchemaRegistry } from './registry/registry.ts';

const DEFAULT_PATTERN = 'test/**/*.test.ts';
const SIGNAL_CODES: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

function onPath(command: string): boolean {
  if (command.includes('/')) return isExecutable(command);
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutable(join(dir, command)));
}

/** Why no broker can be started here, or undefined when one can. */
function whyNoBroker(): string | undefined {
  if (process.env.CI === 'true') return undefined; // CI must try, and fail loudly if it cannot
  if (!onPath(javaBinary())) return 'java is not installed (Java 17+ runs the test broker)';
  if (!kafkaJarsReady() && !onPath('mvn')) return 'mvn is not installed (Maven downloads the Kafka jars of kafka/pom.xml once)';
  return undefined;
}

async function startBroker(): Promise<KafkaCluster> {
  const began = Date.now();
  await Promise.all([ensureKafkaJars(), ensureKcat()]);
  const ready = Date.now();
  const cluster = await startKafka({ nodes: 1 });
  const seconds = (ms: number): string => (ms / 1000).toFixed(1);
  console.log(
    `Kafka broker started in ${seconds(Date.now() - ready)} s (jars and kcat ready in ${seconds(ready - began)} s): ` +
      `KAFKA_BOOTSTRAP_SERVERS=${cluster.bootstrapServers}`,
  );
  return cluster;
}

function runNodeTest(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const flags = args.filter((a) => a.startsWith('-'));
  const patterns = args.filter((a) => !a.startsWith('-'));
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...flags, ...(patterns.length > 0 ? patterns : [DEFAULT_PATTERN])], {
    cwd: REPO_ROOT,
    env,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) => {
    child.once('error', (error) => {
      console.error(`could not start the test runner: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? (SIGNAL_CODES[signal] ?? 1) : 1)));
  });
}

/**
 * NODE_OPTIONS with the 'sluice-source' export condition, so that `import … from 'sluice'` in tests and
 * examples (and in the programs they start) resolves to src/, not to the built dist/, however this
 * script was started (npm scripts set it already through .npmrc).
 */
function withSourceCondition(options: string | undefined): string {
  const condition = '--conditions=sluice-source';
  return options?.includes(condition) ? options : [options, condition].filter(Boolean).join(' ');
}

/** Whether the run needs the schema registry: a whole run, or a named test file that uses it. */
function needsRegistry(args: readonly string[]): boolean {
  const files = args.filter((a) => !a.startsWith('-'));
  if (files.length === 0) return true;
  return files.some((file) => !existsSync(file) || /registry-env|'\.registry'/.test(readFileSync(file, 'utf8')));
}

/** The schema registry, started beside the broker (it builds once with Maven: registry/pom.xml). */
async function startSchemaRegistry(): Promise<SchemaRegistry> {
  const began = Date.now();
  const built = registryBuilt();
  const registry = await startRegistry();
  console.log(`Schema registry started in ${((Date.now() - began) / 1000).toFixed(1)} s${built ? '' : ' (built first)'}: SCHEMA_REGISTRY_URL=${registry.url}`);
  return registry;
}

async function main(args: readonly string[]): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: withSourceCondition(process.env.NODE_OPTIONS) };
  let cluster: KafkaCluster | undefined;
  // Started while the broker starts; awaited before the tests run.
  const postgres: Promise<PostgresServer | undefined> = postgresForTests(args.filter((a) => !a.startsWith('-')), env, REPO_ROOT);
  postgres.catch(() => undefined); // handled where awaited
  let registry: SchemaRegistry | undefined;
  if (env.KAFKA_BOOTSTRAP_SERVERS) {
    console.log(`Kafka tests use KAFKA_BOOTSTRAP_SERVERS=${env.KAFKA_BOOTSTRAP_SERVERS}`);
  } else {
    const why = whyNoBroker();
    if (why !== undefined) {
      console.log(`KAFKA TESTS SKIPPED: ${why}; no broker to test against`);
    } else {
      // The registry starts while the broker does (each is a JVM that mostly waits at start).
      const registryStart = env.SCHEMA_REGISTRY_URL || !needsRegistry(args) ? undefined : startSchemaRegistry();
      registryStart?.catch(() => {}); // reported below, after the broker
      try {
        cluster = await startBroker();
      } catch (error) {
        console.error(`Could not start the Kafka broker for the tests: ${error instanceof Error ? error.message : String(error)}`);
        await (await postgres.catch(() => undefined))?.stop();
        await registryStart?.then((r) => r.stop(), () => {});
        return 1;
      }
      env.KAFKA_BOOTSTRAP_SERVERS = cluster.bootstrapServers;
      try {
        registry = await registryStart;
      } catch (error) {
        console.error(`Could not start the schema registry for the tests: ${error instanceof Error ? error.message : String(error)}`);
        await cluster.stop();
        await (await postgres.catch(() => undefined))?.stop();
        return 1;
      }
      if (registry !== undefined) env.SCHEMA_REGISTRY_URL = registry.url;
    }
  }
  let server: PostgresServer | undefined;
  try {
    server = await postgres;
  } catch (error) {
    console.error(`Could not start PostgreSQL for the tests: ${error instanceof Error ? error.message : String(error)}`);
    await registry?.stop();
    if (cluster !== undefined) await cluster.stop();
    return 1;
  }
  try {
    return await runNodeTest(args, env);
  } finally {
    await registry?.stop();
    if (cluster !== undefined) await cluster.stop();
    await server?.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
