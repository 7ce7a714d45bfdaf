/**
 * server.properties for one combined (broker + controller) KRaft node of a test cluster.
 * One node runs a dynamic quorum of itself (formatted with --standalone); three nodes run a
 * static quorum (controller.quorum.voters) with replication 3 and min.insync.replicas 2.
 */
import { join } from 'node:path';

/** Where one node listens and keeps its data. */
export interface NodeLayout {
  readonly id: number;
  /** The client (PLAINTEXT) listener port. */
  readonly port: number;
  /** The KRaft controller listener port. */
  readonly controllerPort: number;
  /** The node's directory: data under data/, logs under logs/, server.properties beside them. */
  readonly dir: string;
}

/**
 * The node's log directory (kafka.logs.dir): server.log and the JVM's own output.
 *
 * @example
 * mkdirSync(logsDir(node), { recursive: true });
 */
export function logsDir(node: NodeLayout): string {
  return join(node.dir, 'logs');
}

/**
 * The node's server.properties path.
 *
 * @example
 * writeFileSync(propertiesFile(node), serverProperties(node, [node]));
 */
export function propertiesFile(node: NodeLayout): string {
  return join(node.dir, 'server.properties');
}

function quorumSettings(node: NodeLayout, all: readonly NodeLayout[]): Record<string, string | number> {
  if (all.length === 1) {
    return { 'controller.quorum.bootstrap.servers': `127.0.0.1:${node.controllerPort}` };
  }
  return { 'controller.quorum.voters': all.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',') };
}

function replicationSettings(nodeCount: number): Record<string, string | number> {
  const replicas = nodeCount === 1 ? 1 : 3;
  const minIsr = nodeCount === 1 ? 1 : 2;
  return {
    'default.replication.factor': replicas,
    'min.insync.replicas': minIsr,
    'offsets.topic.replication.factor': replicas,
    'transaction.state.log.replication.factor': replicas,
    'transaction.state.log.min.isr': minIsr,
    'share.coordinator.state.topic.replication.factor': replicas,
    'share.coordinator.state.topic.min.isr': minIsr,
  };
}

/**
 * The properties of `node` in a cluster of `all` nodes, as the text of a server.properties file.
 *
 * @example
 * writeFileSync(propertiesFile(node), serverProperties(node, [node]));
 */
export function serverProperties(node: NodeLayout, all: readonly NodeLayout[]): string {
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': node.id,
    ...quorumSettings(node, all),
    listeners: `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${node.port},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': join(node.dir, 'data'),
    ...replicationSettings(all.length),
    // Tests create their topics explicitly: a missing topic must be an error, not a new topic.
    'auto.create.topics.enable': 'false',
    'num.partitions': 1,
    // Consumer groups start at once instead of waiting for more members.
    'group.initial.rebalance.delay.ms': 0,
    // Fewer internal partitions: the first group or transaction is ready sooner.
    'offsets.topic.num.partitions': 5,
    'transaction.state.log.num.partitions': 5,
    // Never delete records by age or size: sinks write event times as record timestamps, and tests use
    // old (e.g. 2024) event times, which the default 7-day retention would delete mid-test.
    'log.retention.ms': -1,
    'log.retention.bytes': -1,
    // Small segments keep the disk use of a test run low.
    'log.segment.bytes': 8 * 1024 * 1024,
    'num.network.threads': 2,
    'num.io.threads': 4,
    // A killed node is fenced (and leaves the ISRs) within seconds, for fault tests.
    'broker.heartbeat.interval.ms': 1000,
    'broker.session.timeout.ms': 6000,
    'replica.lag.time.max.ms': 10000,
  };
  return Object.entries(settings).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
}
