/**
 * One Kafka node of a test cluster: format its storage, start its JVM, wait until it serves.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KAFKA_LOG_CONFIG } from './jars.ts';
import { containsAfter, fileSize, runKafkaTool, spawnJava, tail, type JavaProcess } from './java-process.ts';
import { logsDir, propertiesFile, serverProperties, type NodeLayout } from './node-config.ts';

/** The line Kafka logs once the node accepts clients. */
const STARTED = 'Kafka Server started';

/** Heap and GC for a test broker: small, since two cores and the tests share the machine. */
const BROKER_JVM_FLAGS = ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/**
 * The node's server.log (written by log4j, see kafka/log4j2.properties).
 *
 * @example
 * console.log(tail(serverLog(node)));
 */
export function serverLog(node: NodeLayout): string {
  return join(logsDir(node), 'server.log');
}

/**
 * What the JVM itself prints (crashes, bad flags) before log4j takes over.
 *
 * @example
 * console.log(tail(jvmOutput(node)));
 */
export function jvmOutput(node: NodeLayout): string {
  return join(logsDir(node), 'kafka.out');
}

/**
 * Writes the node's server.properties and formats its storage with `clusterId`. A single node
 * formats `--standalone` (a dynamic quorum of itself); nodes of a static quorum format without it.
 *
 * @example
 * await formatNode(lib, node, [node], clusterId);
 */
export async function formatNode(libDir: string, node: NodeLayout, all: readonly NodeLayout[], clusterId: string): Promise<void> {
  mkdirSync(logsDir(node), { recursive: true });
  writeFileSync(propertiesFile(node), serverProperties(node, all));
  const standalone = all.length === 1 ? ['--standalone'] : [];
  await runKafkaTool(libDir, 'kafka.tools.StorageTool', ['format', ...standalone, '-t', clusterId, '-c', propertiesFile(node)]);
}

/**
 * Starts the node's JVM (storage already formatted). Returns at once; see `waitUntilStarted`.
 *
 * @example
 * const jvm = launchNode(lib, node);
 */
export function launchNode(libDir: string, node: NodeLayout): JavaProcess {
  const flags = [...BROKER_JVM_FLAGS, `-Dlog4j2.configurationFile=${KAFKA_LOG_CONFIG}`, `-Dkafka.logs.dir=${logsDir(node)}`];
  return spawnJava(libDir, flags, 'kafka.Kafka', [propertiesFile(node)], jvmOutput(node));
}

/**
 * Resolves once server.log shows "Kafka Server started" after byte `logOffset` (the log's size
 * when this start began, so a restart does not match the previous start). Rejects with the log
 * tails when the JVM exits first or `timeoutMs` passes.
 *
 * @example
 * await waitUntilStarted(node, launchNode(lib, node), 0, 60_000);
 */
export async function waitUntilStarted(node: NodeLayout, jvm: JavaProcess, logOffset: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exit: string | undefined;
  void jvm.exited.then((description) => {
    exit = description;
  });
  while (!containsAfter(serverLog(node), STARTED, logOffset)) {
    if (exit !== undefined) throw startFailure(node, `its JVM ended (${exit}) before "${STARTED}"`);
    if (Date.now() > deadline) throw startFailure(node, `no "${STARTED}" within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function startFailure(node: NodeLayout, why: string): Error {
  return new Error(
    `Kafka node ${node.id} did not start: ${why}.\n` +
      `--- ${serverLog(node)} (tail) ---\n${tail(serverLog(node))}\n` +
      `--- ${jvmOutput(node)} (tail) ---\n${tail(jvmOutput(node), 20)}`,
  );
}

/**
 * The current size of the node's server.log, to pass to `waitUntilStarted` before a (re)start.
 *
 * @example
 * const offset = serverLogSize(node);
 * await waitUntilStarted(node, launchNode(lib, node), offset, 60_000);
 */
export function serverLogSize(node: NodeLayout): number {
  return fileSize(serverLog(node));
}
