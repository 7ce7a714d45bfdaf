import { createHash } from 'node:crypto';
import { PlanError } from '../core/errors.ts';
import type { RowType } from '../core/data-types.ts';
import { compileGroupKey } from '../operators/sql-aggregates/group-key.ts';
import type { Expr } from '../plan/expr/index.ts';
import { inputsOf, topologicalOrder, type KeyByNode, type LogicalPlan, type PlanNode, type SinkNode, type SourceNode } from '../plan/nodes.ts';
import { operatorUids } from '../plan/operator-uids.ts';

/**
 * Cutting a plan into sub-topologies (Kafka Streams' term): the parts of a job that run as tasks,
 * one task per partition of their input topics, joined by repartition topics. The plan is cut before
 * every keyed exchange — a Dataflow `key-by`, a window without one (one global key), and each input
 * of a SQL keyed node (window and group aggregates, deduplicate, regular/interval/window/temporal
 * joins) — so every record of a key reaches the one task that owns the key's partition. Stateless
 * steps and lookup joins stay where they are. Each sub-topology is a LogicalPlan of its own that the
 * JobRunner runs as it is: where its stream leaves, a sink node writing the repartition topic; where
 * it enters, a source node reading it (their connectors are {@link RepartitionEnd}s, which the
 * engine turns into the Kafka repartition sink and source).
 */

/** One keyed exchange: the records of one input of a keyed node, moved through a repartition topic. */
export interface Exchange {
  /** `<app>-<uid of the keyed node>[-left|-right]-repartition` (a join's two inputs have a topic each). */
  readonly topic: string;
  /** The exchange key of a record; undefined is one global key (every record to partition 0). */
  readonly keyOf: ((value: unknown) => unknown) | undefined;
  /** The sub-topology that writes the topic, and the one that reads it. */
  readonly from: number;
  readonly to: number;
  /** The exchanges a two-input keyed node reads together: their topics get one partition count. */
  readonly coPartitionGroup: string;
}

/** The connector of a repartition sink or source node: resolved by the engine into the Kafka ones. */
export interface RepartitionEnd {
  readonly connector: 'repartition';
  readonly role: 'sink' | 'source';
  readonly exchange: Exchange;
}

/** A part of a cut plan that runs as tasks. */
export interface SubTopology {
  /** 0, 1, … upstream before downstream; 0 holds the first user sources in plan order. */
  readonly index: number;
  /** Stable for a given plan: derived from the uids of its steps (plan/operator-uids.ts). */
  readonly name: string;
  /** Runs as it is in a JobRunner: user steps, repartition sinks where the stream leaves, repartition sources where it enters. */
  readonly plan: LogicalPlan;
  /** The user sources it reads (their topics are inputs too). */
  readonly sources: readonly SourceNode[];
  /** The repartition topics it reads and writes. */
  readonly inputs: readonly Exchange[];
  readonly outputs: readonly Exchange[];
}

/**
 * True for the connector of a repartition node of a cut plan.
 *
 * @example
 * if (isRepartitionEnd(node.connector)) console.log(node.connector.exchange.topic);
 */
export function isRepartitionEnd(connector: unknown): connector is RepartitionEnd {
  return typeof connector === 'object' && connector !== null && (connector as { connector?: unknown }).connector === 'repartition';
}

/** An exchange while the plan is being cut: where it is, before the sub-topologies are numbered. */
interface Cut {
  readonly consumer: PlanNode;
  readonly inputIndex: number;
  readonly topic: string;
  readonly keyOf: ((value: unknown) => unknown) | undefined;
  readonly coPartitionGroup: string;
  exchange?: Exchange;
}

/**
 * Cuts a plan into sub-topologies for application `applicationId`, upstream first. A plan without a
 * keyed exchange is one sub-topology, the plan itself with its uids.
 *
 * @example
 * const subs = cutPlan(flow.plan(), 'stats');
 * subs.map((s) => [s.index, s.inputs.map((e) => e.topic), s.outputs.map((e) => e.topic)]);
 * // [[0, [], ['stats-window-3f1c9a2b07de-repartition']], [1, ['stats-window-3f1c9a2b07de-repartition'], []]]
 */
export function cutPlan(plan: LogicalPlan, applicationId: string): SubTopology[] {
  if (applicationId.trim() === '') throw new PlanError('a scaled job needs a non-empty application id');
  const order = topologicalOrder(plan);
  const position = new Map(order.map((node, i) => [node, i]));
  const uids = operatorUids(plan);
  const consumers = consumersOf(order);
  const cuts = findCuts(order, consumers, uids, applicationId);
  const cutAt = (node: PlanNode, input: number): Cut | undefined => cuts.find((c) => c.consumer === node && c.inputIndex === input);

  // Connected parts of the plan once the cut edges are removed.
  const component = new Map<PlanNode, number>();
  const parts: PlanNode[][] = [];
  for (const start of order) {
    if (component.has(start)) continue;
    const part: PlanNode[] = [];
    const stack = [start];
    component.set(start, parts.length);
    while (stack.length > 0) {
      const node = stack.pop()!;
      part.push(node);
      const neighbours = [
        ...inputsOf(node).filter((_, i) => cutAt(node, i) === undefined),
        ...(consumers.get(node) ?? []).filter((c) => inputsOf(c).some((input, i) => input === node && cutAt(c, i) === undefined)),
      ];
      for (const next of neighbours) {
        if (component.has(next)) continue;
        component.set(next, parts.length);
        stack.push(next);
      }
    }
    parts.push(part.sort((a, b) => position.get(a)! - position.get(b)!));
  }

  const numbering = numberParts(parts, cuts, component, position);
  for (const cut of cuts) {
    const from = numbering[component.get(inputsOf(cut.consumer)[cut.inputIndex])!];
    cut.exchange = Object.freeze({ topic: cut.topic, keyOf: cut.keyOf, from, to: numbering[component.get(cut.consumer)!], coPartitionGroup: cut.coPartitionGroup });
  }
  const byIndex = parts.map((part, i) => ({ part, index: numbering[i] })).sort((a, b) => a.index - b.index);
  return byIndex.map(({ part, index }) => buildSubTopology(plan, index, part, cuts, uids));
}

/** Every node's consumers, in plan order. */
function consumersOf(order: readonly PlanNode[]): Map<PlanNode, PlanNode[]> {
  const consumers = new Map<PlanNode, PlanNode[]>();
  for (const node of order) {
    for (const input of inputsOf(node)) {
      let list = consumers.get(input);
      if (list === undefined) consumers.set(input, (list = []));
      if (!list.includes(node)) list.push(node);
    }
  }
  return consumers;
}

/** The keyed exchanges of a plan: which input of which node is cut, by which key, into which topic. */
function findCuts(order: readonly PlanNode[], consumers: Map<PlanNode, PlanNode[]>, uids: Map<string, string>, app: string): Cut[] {
  const cuts: Cut[] = [];
  const topic = (owner: PlanNode, side: string): string => `${app}-${uids.get(owner.id) ?? owner.id}${side}-repartition`;
  const add = (consumer: PlanNode, inputIndex: number, owner: PlanNode, side: string, keyOf: Cut['keyOf']): void => {
    cuts.push({ consumer, inputIndex, topic: topic(owner, side), keyOf, coPartitionGroup: uids.get(owner.id) ?? owner.id });
  };
  const sqlKey = (keys: readonly Expr[], type: RowType): Cut['keyOf'] =>
    compileGroupKey(keys.map((expr, i) => ({ name: `k${i}`, expr })), type) as Cut['keyOf'];
  for (const node of order) {
    switch (node.kind) {
      case 'key-by': {
        // The key-by stays with its keyed consumers; its input is the exchange. A join's two key-bys get a topic each.
        const owner = (consumers.get(node) ?? []).find((c) => c.kind === 'window' || c.kind === 'process' || c.kind === 'join');
        const side = owner?.kind === 'join' ? (owner.left === node ? '-left' : '-right') : '';
        add(node, 0, owner ?? node, side, node.key as Cut['keyOf']);
        break;
      }
      case 'window':
        if (node.input.kind !== 'key-by') add(node, 0, node, '', undefined);
        break;
      case 'window-aggregate':
      case 'group-aggregate':
        add(node, 0, node, '', compileGroupKey(node.keys, node.inputType) as Cut['keyOf']);
        break;
      case 'deduplicate':
        add(node, 0, node, '', sqlKey(node.keys, node.inputType));
        break;
      case 'interval-join':
      case 'regular-join':
      case 'window-join':
      case 'temporal-join':
        add(node, 0, node, '-left', sqlKey(node.leftKeys, node.leftType));
        add(node, 1, node, '-right', sqlKey(node.rightKeys, node.rightType));
        break;
      default:
        break;
    }
  }
  return cuts;
}

/**
 * Numbers the parts upstream first (a part reading a repartition topic after the part writing it);
 * among parts free to go, the one whose first node comes first in the plan.
 */
function numberParts(parts: PlanNode[][], cuts: readonly Cut[], component: Map<PlanNode, number>, position: Map<PlanNode, number>): number[] {
  const upstream = parts.map(() => new Set<number>());
  for (const cut of cuts) {
    const from = component.get(inputsOf(cut.consumer)[cut.inputIndex])!;
    const to = component.get(cut.consumer)!;
    if (from === to) throw new PlanError(`node '${cut.consumer.id}' reads its own output through a repartition topic: a cycle cannot be cut`);
    upstream[to].add(from);
  }
  const numbering = new Array<number>(parts.length).fill(-1);
  for (let next = 0; next < parts.length; next++) {
    const ready = parts
      .map((part, i) => ({ i, first: position.get(part[0])! }))
      .filter(({ i }) => numbering[i] === -1 && [...upstream[i]].every((u) => numbering[u] !== -1))
      .sort((a, b) => a.first - b.first);
    if (ready.length === 0) throw new PlanError('the plan\'s exchanges form a cycle; it cannot be cut into sub-topologies');
    numbering[ready[0].i] = next;
  }
  return numbering;
}

/** The plan of one part: its nodes rebuilt with repartition sources at cut inputs, and repartition sinks at cut outputs. */
function buildSubTopology(plan: LogicalPlan, index: number, part: readonly PlanNode[], cuts: readonly Cut[], uids: Map<string, string>): SubTopology {
  const members = new Set(part);
  const rebuilt = new Map<PlanNode, PlanNode>();
  const explicit: Record<string, string> = {};
  const repartitionSources = new Map<Cut, SourceNode>();
  const rebuild = (node: PlanNode): PlanNode => {
    const done = rebuilt.get(node);
    if (done !== undefined) return done;
    const inputs = inputsOf(node).map((input, i) => {
      const cut = cuts.find((c) => c.consumer === node && c.inputIndex === i);
      if (cut === undefined) return rebuild(input);
      let source = repartitionSources.get(cut);
      if (source === undefined) {
        const end: RepartitionEnd = { connector: 'repartition', role: 'source', exchange: cut.exchange! };
        source = Object.freeze({ kind: 'source', id: `${cut.topic}/in`, name: cut.topic, connector: end });
        repartitionSources.set(cut, source);
        explicit[source.id] = `${cut.topic}:in`;
      }
      return source;
    });
    const copy = withInputs(node, inputs);
    rebuilt.set(node, copy);
    const uid = uids.get(node.id);
    if (uid !== undefined) explicit[node.id] = uid;
    return copy;
  };
  const sinks: SinkNode[] = [];
  for (const node of part) if (node.kind === 'sink') sinks.push(rebuild(node) as SinkNode);
  const outputs = cuts.filter((c) => members.has(inputsOf(c.consumer)[c.inputIndex]));
  for (const cut of outputs) {
    const end: RepartitionEnd = { connector: 'repartition', role: 'sink', exchange: cut.exchange! };
    const sink: SinkNode = Object.freeze({ kind: 'sink', id: `${cut.topic}/out`, name: cut.topic, input: rebuild(inputsOf(cut.consumer)[cut.inputIndex]), connector: end });
    explicit[sink.id] = `${cut.topic}:out`;
    sinks.push(sink);
  }
  const inputs = cuts.filter((c) => members.has(c.consumer)).map((c) => c.exchange!);
  const sources = part.filter((n): n is SourceNode => n.kind === 'source');
  const name = `${plan.name}-${createHash('sha256').update(Object.values(explicit).sort().join('\u0000')).digest('hex').slice(0, 12)}`;
  return Object.freeze({
    index, name, sources, inputs, outputs: outputs.map((c) => c.exchange!),
    plan: Object.freeze({ name: `${plan.name}#${index}`, sinks, uids: explicit }),
  });
}

/** A node with other inputs (the same node when they are the same). */
function withInputs(node: PlanNode, inputs: readonly PlanNode[]): PlanNode {
  const current = inputsOf(node);
  if (current.length === inputs.length && current.every((input, i) => input === inputs[i])) return node;
  switch (node.kind) {
    case 'source': return node;
    case 'union': return Object.freeze({ ...node, inputs: [...inputs] });
    case 'join': return Object.freeze({ ...node, left: inputs[0] as KeyByNode, right: inputs[1] as KeyByNode });
    case 'interval-join':
    case 'regular-join':
    case 'window-join':
    case 'temporal-join': return Object.freeze({ ...node, left: inputs[0], right: inputs[1] });
    case 'process': return Object.freeze({ ...node, input: inputs[0] as KeyByNode });
    default: return Object.freeze({ ...node, input: inputs[0] }) as PlanNode;
  }
}

/**
 * The cut as text, one line per sub-topology: what it reads and writes (user topics and tables by
 * their step names, repartition topics by name) — for explain and describe output.
 *
 * @example
 * console.log(describeSubTopologies(cutPlan(plan, 'stats')));
 * // sub-topology 0 (stats-1a2b3c4d5e6f): reads trades; writes stats-window-3f1c9a2b07de-repartition
 * // sub-topology 1 (stats-9f8e7d6c5b4a): reads stats-window-3f1c9a2b07de-repartition; writes out
 */
export function describeSubTopologies(subs: readonly SubTopology[]): string {
  return subs.map((sub) => {
    const reads = [...sub.sources.map((s) => s.name ?? s.id), ...sub.inputs.map((e) => e.topic)];
    const writes = sub.plan.sinks.map((s) => (isRepartitionEnd(s.connector) ? s.connector.exchange.topic : s.name ?? s.id));
    return `sub-topology ${sub.index} (${sub.name}): reads ${reads.join(', ')}; writes ${writes.join(', ')}`;
  }).join('\n');
}
