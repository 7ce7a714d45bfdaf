/**
 * The Apache Kafka jars the test broker runs from: kafka/pom.xml resolved by Maven into .kafka/lib.
 * Maven caches downloads in ~/.m2; a marker holding the pom's hash lets a second call skip Maven.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root (this file lives in scripts/kafka/). */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** The pom that names the broker's jars. */
export const KAFKA_POM = join(REPO_ROOT, 'kafka', 'pom.xml');
/** The log4j2 configuration the broker runs with. */
export const KAFKA_LOG_CONFIG = join(REPO_ROOT, 'kafka', 'log4j2.properties');
/** Where the jars are copied to (ignored by git). */
export const KAFKA_LIB_DIR = join(REPO_ROOT, '.kafka', 'lib');

const MARKER = '.pom-sha256';

/**
 * The `java` to run: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` from PATH.
 *
 * @example
 * spawn(javaBinary(), ['-version']);
 */
export function javaBinary(): string {
  const home = process.env.JAVA_HOME;
  return home ? join(home, 'bin', 'java') : 'java';
}

/**
 * The classpath argument for Kafka's classes: every jar in the lib dir (`lib/*`, expanded by java).
 *
 * @example
 * spawn(javaBinary(), ['-cp', kafkaClasspath(lib), 'kafka.Kafka', 'server.properties']);
 */
export function kafkaClasspath(libDir: string = KAFKA_LIB_DIR): string {
  return join(libDir, '*');
}

function pomHash(): string {
  return createHash('sha256').update(readFileSync(KAFKA_POM)).digest('hex');
}

function isComplete(libDir: string, hash: string): boolean {
  const marker = join(libDir, MARKER);
  return existsSync(marker) && readFileSync(marker, 'utf8').trim() === hash;
}

/**
 * Whether .kafka/lib already holds the jars of the current kafka/pom.xml (so Maven is not needed).
 *
 * @example
 * if (!kafkaJarsReady() && !hasMaven) console.log('cannot get the Kafka jars');
 */
export function kafkaJarsReady(): boolean {
  return isComplete(KAFKA_LIB_DIR, pomHash());
}

/**
 * Makes sure .kafka/lib holds the jars of kafka/pom.xml and returns that directory. Runs Maven
 * only when the lib dir is missing or was made from another version of the pom. Safe to call
 * from several processes at once: each downloads into its own folder and the first rename wins.
 *
 * @example
 * const lib = await ensureKafkaJars(); // '/repo/.kafka/lib'
 */
export async function ensureKafkaJars(): Promise<string> {
  const hash = pomHash();
  if (isComplete(KAFKA_LIB_DIR, hash)) return KAFKA_LIB_DIR;
  const staging = `${KAFKA_LIB_DIR}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  try {
    await run('mvn', ['-q', '-B', '-f', KAFKA_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('Maven (mvn) is not on PATH; it is needed once to download the Kafka jars of kafka/pom.xml');
    throw new Error(`mvn could not copy the Kafka jars of kafka/pom.xml:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  writeFileSync(join(staging, MARKER), `${hash}\n`);
  // Another process may have finished first; its lib dir is as good as ours.
  if (isComplete(KAFKA_LIB_DIR, hash)) {
    rmSync(staging, { recursive: true, force: true });
    return KAFKA_LIB_DIR;
  }
  rmSync(KAFKA_LIB_DIR, { recursive: true, force: true });
  try {
    renameSync(staging, KAFKA_LIB_DIR);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!isComplete(KAFKA_LIB_DIR, hash)) throw error;
  }
  return KAFKA_LIB_DIR;
}
