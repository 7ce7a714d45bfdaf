/**
 * The Confluent-compatible schema registry the tests run against: Apicurio Registry 2.4.2 (in-memory
 * storage), built once by Maven from registry/pom.xml into .registry/build and started on a free
 * port on 127.0.0.1. Its Confluent API is `<url>` = http://127.0.0.1:PORT/apis/ccompat/v7.
 *
 *   npx node scripts/registry/registry.ts start   # prints SCHEMA_REGISTRY_URL=…, runs until Ctrl-C
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../kafka/jars.ts';
import { spawnJvm, tail, terminate, type JavaProcess } from '../kafka/java-process.ts';
import { freePorts } from '../kafka/ports.ts';

const run = promisify(execFile);

/** The wrapper pom that builds the registry app. */
export const REGISTRY_POM = join(REPO_ROOT, 'registry', 'pom.xml');
const BUILD_DIR = join(REPO_ROOT, '.registry', 'build');
const RUNNER = join(BUILD_DIR, 'sluice-test-registry-0.0.0-runner.jar');
const MARKER = join(BUILD_DIR, '.built-from');
const CCOMPAT = '/apis/ccompat/v7';

/** A running registry. */
export interface SchemaRegistry {
  /** The Confluent-compatible API's base URL (what `avro-confluent.url` takes). */
  readonly url: string;
  stop(): Promise<void>;
}

function sourceHash(): string {
  const java = join(REPO_ROOT, 'registry', 'src', 'main', 'java', 'dev', 'sluice', 'registry', 'EmptyDynamicConfig.java');
  return createHash('sha256').update(readFileSync(REGISTRY_POM)).update(readFileSync(java)).digest('hex');
}

/**
 * Whether .registry/build holds the app built from the current pom.
 *
 * @example
 * if (!registryBuilt()) console.log('the first run builds the registry (Maven)');
 */
export function registryBuilt(): boolean {
  return existsSync(RUNNER) && existsSync(MARKER) && readFileSync(MARKER, 'utf8').trim() === sourceHash();
}

/**
 * Builds the registry app with Maven unless it is built already (about 2 minutes, plus the first
 * download of its jars).
 *
 * @example
 * await ensureRegistryBuilt();
 */
export async function ensureRegistryBuilt(): Promise<void> {
  if (registryBuilt()) return;
  const hash = sourceHash();
  try {
    await run('mvn', ['-q', '-B', '-f', REGISTRY_POM, 'package', '-DskipTests'], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('Maven (mvn) is not on PATH; it builds the test schema registry of registry/pom.xml once');
    throw new Error(`mvn could not build the schema registry of registry/pom.xml:\n${(e.stdout ?? '').slice(-4000)}${(e.stderr ?? '').slice(-4000)}`);
  }
  writeFileSync(MARKER, `${hash}\n`);
}

/**
 * Starts the registry on a free port and resolves once its Confluent API answers; fails with the
 * end of its log if the JVM exits first or it does not answer within `timeoutMs`.
 *
 * @example
 * const registry = await startRegistry();
 * process.env.SCHEMA_REGISTRY_URL = registry.url;
 */
export async function startRegistry(timeoutMs = 240_000): Promise<SchemaRegistry> {
  await ensureRegistryBuilt();
  const [port] = await freePorts(1);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-registry-'));
  const log = join(dir, 'registry.out');
  mkdirSync(dir, { recursive: true });
  const jvm = spawnJvm([
    '-Xmx384m', `-Dquarkus.http.port=${port}`, '-Dquarkus.http.host=127.0.0.1',
    // no metrics or OIDC server to reach: only loopback traffic
    '-Dquarkus.oidc.tenant-enabled=false', '-jar', RUNNER,
  ], log);
  const url = `http://127.0.0.1:${port}${CCOMPAT}`;
  await waitUntilServing(jvm, url, log, timeoutMs);
  return { url, stop: () => terminate(jvm, 10_000) };
}

async function waitUntilServing(jvm: JavaProcess, url: string, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // The JVM has no readiness event to wait on but its port answering: ask until it does.
  while (Date.now() < deadline) {
    if (!jvm.isRunning()) throw new Error(`the schema registry stopped (${await jvm.exited}) before serving:\n${tail(log, 30)}`);
    const answered = await fetch(`${url}/subjects`).then((r) => r.ok, () => false);
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await terminate(jvm, 0);
  throw new Error(`the schema registry did not answer at ${url} within ${timeoutMs / 1000} s:\n${tail(log, 30)}`);
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] !== 'start') {
    console.error('usage: node scripts/registry/registry.ts start');
    process.exitCode = 2;
    return;
  }
  const began = Date.now();
  const registry = await startRegistry();
  console.log(`Schema registry started in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  console.log(`SCHEMA_REGISTRY_URL=${registry.url}`);
  console.log('Press Ctrl-C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void registry.stop());
}

if (import.meta.main) await main(process.argv.slice(2));
