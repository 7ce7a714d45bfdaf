/**
 * A real Apache Kafka cluster (KRaft, combined broker+controller nodes) on 127.0.0.1 for tests
 * and for developers: one node, or three with a static quorum for fault tests. Free ports are
 * chosen at run time. Jars come from kafka/pom.xml (see jars.ts).
 *
 * CLI: npx node scripts/kafka/broker.ts start [--nodes 3]
 *   prints KAFKA_BOOTSTRAP_SERVERS=... and runs until Ctrl-C, then stops the cluster cleanly.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatNode, launchNode, serverLog, serverLogSize, waitUntilStarted } from './broker-node.ts';
import { ensureKafkaJars } from './jars.ts';
import { runKafkaTool, terminate, type JavaProcess } from './java-process.ts';
import type { NodeLayout } from './node-config.ts';
import { freePorts } from './ports.ts';

export { ensureKafkaJars };

/** How to start a cluster. */
export interface KafkaOptions {
  /** 1 (default): a single combined node. 3: a static quorum, replication 3, min.insync.replicas 2. */
  nodes?: 1 | 3;
  /** An empty (or absent) directory for the nodes' data and logs, kept after stop. Default: a temp dir, removed on stop. */
  dataDir?: string;
  /** How long each node may take to start. Default 90 s. */
  timeoutMs?: number;
}

/** One node as the tests see it. `pid` changes when the node is restarted. */
export interface KafkaNode {
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  pid: number;
  readonly logFile: string;
}

/** A running cluster. */
export interface KafkaCluster {
  /** '127.0.0.1:PORT,...' — every node's client listener. */
  readonly bootstrapServers: string;
  readonly nodes: readonly KafkaNode[];
  /** Where the nodes keep data and logs. */
  readonly dataDir: string;
  /** SIGTERM every node, wait for it to exit (SIGKILL after a grace period). Idempotent. */
  stop(): Promise<void>;
  /** SIGKILL one node and wait for it to be gone: a crash, for fault tests. */
  killNode(id: number): Promise<void>;
  /** Start a node again (stopping it first if it runs) and wait until it serves. */
  restartNode(id: number): Promise<void>;
}

const STOP_GRACE_MS = 20_000;
const live = new Set<KafkaCluster>();
let signalsHooked = false;

/**
 * On SIGINT/SIGTERM/SIGHUP stop every live cluster cleanly; when nobody else listens for the
 * signal, then exit as the signal would have. (The 'exit' hook in java-process.ts SIGKILLs
 * whatever is left on any other way out.)
 */
function stopClustersOnSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  const codes: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      const alone = process.listenerCount(signal) === 1;
      void Promise.allSettled([...live].map((c) => c.stop())).then(() => {
        if (alone) process.exit(codes[signal]);
      });
    };
    process.on(signal, onSignal);
  }
}

function prepareDataDir(dataDir: string | undefined): { dir: string; temporary: boolean } {
  if (dataDir === undefined) return { dir: mkdtempSync(join(tmpdir(), 'sluice-kafka-')), temporary: true };
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length > 0) throw new Error(`startKafka: dataDir ${dir} is not empty (each start formats new storage)`);
  return { dir, temporary: false };
}

/**
 * Starts a Kafka cluster and resolves once every node logged "Kafka Server started".
 *
 * @example
 * const kafka = await startKafka({ nodes: 1 });
 * try {
 *   process.env.KAFKA_BOOTSTRAP_SERVERS = kafka.bootstrapServers;
 * } finally {
 *   await kafka.stop();
 * }
 */
export async function startKafka(options: KafkaOptions = {}): Promise<KafkaCluster> {
  const count = options.nodes ?? 1;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const libDir = await ensureKafkaJars();
  const [clusterIdOutput, ports] = await Promise.all([
    runKafkaTool(libDir, 'kafka.tools.StorageTool', ['random-uuid']),
    freePorts(count * 2),
  ]);
  const clusterId = clusterIdOutput.trim();
  const { dir, temporary } = prepareDataDir(options.dataDir);
  const layouts: NodeLayout[] = [];
  for (let i = 0; i < count; i++) {
    layouts.push({ id: i + 1, port: ports[2 * i], controllerPort: ports[2 * i + 1], dir: join(dir, `node-${i + 1}`) });
  }
  await Promise.all(layouts.map((node) => formatNode(libDir, node, layouts, clusterId)));

  stopClustersOnSignals();
  const jvms = new Map<number, JavaProcess>();
  const nodes: KafkaNode[] = layouts.map((l) => ({ id: l.id, port: l.port, controllerPort: l.controllerPort, pid: -1, logFile: serverLog(l) }));
  const layoutOf = (id: number): NodeLayout => {
    const layout = layouts.find((l) => l.id === id);
    if (layout === undefined) throw new Error(`no Kafka node ${id} (nodes are ${layouts.map((l) => l.id).join(', ')})`);
    return layout;
  };
  const startNode = async (layout: NodeLayout): Promise<void> => {
    const offset = serverLogSize(layout);
    const jvm = launchNode(libDir, layout);
    jvms.set(layout.id, jvm);
    nodes[layout.id - 1].pid = jvm.pid;
    await waitUntilStarted(layout, jvm, offset, timeoutMs);
  };

  let stopping: Promise<void> | undefined;
  const cluster: KafkaCluster = {
    bootstrapServers: layouts.map((l) => `127.0.0.1:${l.port}`).join(','),
    nodes,
    dataDir: dir,
    stop() {
      stopping ??= (async () => {
        await Promise.all([...jvms.values()].map((jvm) => terminate(jvm, STOP_GRACE_MS)));
        live.delete(cluster);
        if (temporary) rmSync(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
    async killNode(id) {
      const jvm = jvms.get(layoutOf(id).id);
      if (jvm !== undefined) await terminate(jvm, 0);
    },
    async restartNode(id) {
      const layout = layoutOf(id);
      const jvm = jvms.get(id);
      if (jvm !== undefined) await terminate(jvm, STOP_GRACE_MS);
      await startNode(layout);
    },
  };
  live.add(cluster);
  try {
    // A static quorum elects a leader only once a majority runs: start all nodes together.
    await Promise.all(layouts.map(startNode));
  } catch (error) {
    await Promise.all([...jvms.values()].map((jvm) => terminate(jvm, 0)));
    live.delete(cluster);
    throw error; // the data dir stays for a look at the logs; the message names them
  }
  return cluster;
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const nodesFlag = rest.indexOf('--nodes');
  const nodes = nodesFlag >= 0 ? Number(rest[nodesFlag + 1]) : 1;
  if (command !== 'start' || (nodes !== 1 && nodes !== 3)) {
    console.error('usage: npx node scripts/kafka/broker.ts start [--nodes 1|3]');
    process.exit(2);
  }
  const began = Date.now();
  const cluster = await startKafka({ nodes });
  console.log(`Kafka ${nodes === 3 ? '3-node cluster' : 'broker'} started in ${((Date.now() - began) / 1000).toFixed(1)} s (data: ${cluster.dataDir})`);
  console.log(`KAFKA_BOOTSTRAP_SERVERS=${cluster.bootstrapServers}`);
  console.log('Press Ctrl-C to stop.');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.log(`\nStopping Kafka (${signal})...`);
      void cluster.stop().then(() => {
        console.log('Kafka stopped.');
        process.exit(0);
      });
    });
  }
}

if (import.meta.main) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
