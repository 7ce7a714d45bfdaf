import type { AggregateFunction, KeyedProcessFunction } from './functions.ts';
import type { WatermarkStrategy } from './watermark-strategy.ts';
import type { LatenessPolicy, WindowSpec } from './windows.ts';
import type {
  CalcNodeFields, DeduplicateNodeFields, GroupAggregateNodeFields, IntervalJoinNodeFields, LookupJoinNodeFields,
  OverAggregateNodeFields, RankNodeFields, RegularJoinNodeFields, TemporalJoinNodeFields, WindowAggregateNodeFields,
  WindowJoinNodeFields, WindowRankNodeFields,
} from './relational-nodes.ts';

/**
 * The logical plan: a closed set of frozen, kind-tagged nodes that every API builds. Everything below
 * the plan (lowering, operators, runtime) handles each kind exhaustively, so adding a kind fails to
 * compile until every place handles it.
 *
 * Nodes point at their inputs; a job is the set of its sink nodes. User functions are kept as
 * closures (the Dataflow API) — the SQL and DataFrame APIs compile expressions into the same closures.
 * `connector` on sources and sinks is opaque here: an instance or a descriptor the engine resolves, so
 * the plan stays free of connector code.
 */
export type PlanNode =
  | SourceNode
  | MapNode
  | FilterNode
  | FlatMapNode
  | InspectNode
  | WatermarkNode
  | KeyByNode
  | WindowNode
  | ProcessNode
  | JoinNode
  | UnionNode
  | BranchNode
  | SideOutputNode
  | SinkNode
  | CalcNode
  | WindowAggregateNode
  | GroupAggregateNode
  | LookupJoinNode
  | DeduplicateNode
  | IntervalJoinNode
  | RegularJoinNode
  | WindowJoinNode
  | TemporalJoinNode
  | RankNode
  | WindowRankNode
  | OverAggregateNode;

export type PlanNodeKind = PlanNode['kind'];

interface NodeBase {
  /** Unique within a plan; stable for a given program (explain, metrics, the TestDriver's step names). */
  readonly id: string;
  /**
   * A name the user chose, where there is one: the table a SQL source or sink reads or writes, the
   * step name given to a Dataflow step. Checkpoints identify steps by it (see plan/operator-uids.ts).
   */
  readonly name?: string;
}

export interface SourceNode extends NodeBase {
  readonly kind: 'source';
  readonly connector: unknown;
  readonly watermark?: WatermarkStrategy<any>;
}
export interface MapNode extends NodeBase {
  readonly kind: 'map';
  readonly input: PlanNode;
  readonly fn: (value: any) => unknown;
}
export interface FilterNode extends NodeBase {
  readonly kind: 'filter';
  readonly input: PlanNode;
  readonly predicate: (value: any) => boolean;
}
export interface FlatMapNode extends NodeBase {
  readonly kind: 'flat-map';
  readonly input: PlanNode;
  readonly fn: (value: any) => Iterable<unknown>;
}
/** Calls `fn` for each record and passes it on unchanged (debugging, metrics). */
export interface InspectNode extends NodeBase {
  readonly kind: 'inspect';
  readonly input: PlanNode;
  readonly fn: (value: any, timestamp: number) => void;
}
/** Assigns timestamps and watermarks mid-stream (when the source could not). */
export interface WatermarkNode extends NodeBase {
  readonly kind: 'watermark';
  readonly input: PlanNode;
  readonly strategy: WatermarkStrategy<any>;
}
/** Partitions by key: the keyed nodes downstream (window, process, join) use this key. */
export interface KeyByNode extends NodeBase {
  readonly kind: 'key-by';
  readonly input: PlanNode;
  readonly key: (value: any) => unknown;
}
/**
 * Windowed incremental aggregation. Keyed when `input` is a key-by node, else one global key.
 * Emits {@link WindowResult}s (mapped through `result` when given).
 */
export interface WindowNode extends NodeBase {
  readonly kind: 'window';
  readonly input: PlanNode;
  readonly window: WindowSpec;
  readonly aggregate: AggregateFunction<any, any, any>;
  readonly lateness: LatenessPolicy;
  readonly result?: (result: any) => unknown;
}
/** Keyed per-record logic with state and timers (statefulMap and process compile to this). */
export interface ProcessNode extends NodeBase {
  readonly kind: 'process';
  readonly input: KeyByNode;
  /** A new function instance per operator instance (functions hold their state handles). */
  readonly create: () => KeyedProcessFunction<any, any, any>;
}
/** Windowed inner join of two keyed streams: pairs with equal keys in the same window. */
export interface JoinNode extends NodeBase {
  readonly kind: 'join';
  readonly left: KeyByNode;
  readonly right: KeyByNode;
  readonly window: WindowSpec;
  readonly lateness: LatenessPolicy;
  readonly join: (left: any, right: any, key: any) => unknown;
}
export interface UnionNode extends NodeBase {
  readonly kind: 'union';
  readonly inputs: readonly PlanNode[];
}
/** Routes records matching `predicate` to its main output and the rest to side output 'rejected'. */
export interface BranchNode extends NodeBase {
  readonly kind: 'branch';
  readonly input: PlanNode;
  readonly predicate: (value: any) => boolean;
}
/** The records an upstream node emitted on a side-output tag (late records, a branch's rejects). */
export interface SideOutputNode extends NodeBase {
  readonly kind: 'side-output';
  readonly input: PlanNode;
  readonly tag: string;
}
export interface SinkNode extends NodeBase {
  readonly kind: 'sink';
  readonly input: PlanNode;
  readonly connector: unknown;
}

/** Typed projection + filter over rows (see relational-nodes.ts). */
export interface CalcNode extends NodeBase, CalcNodeFields {
  readonly input: PlanNode;
}
/** Keyed windowed SQL aggregate over rows (see relational-nodes.ts). */
export interface WindowAggregateNode extends NodeBase, WindowAggregateNodeFields {
  readonly input: PlanNode;
}
/** Non-windowed SQL aggregate producing a changelog (see relational-nodes.ts). */
export interface GroupAggregateNode extends NodeBase, GroupAggregateNodeFields {
  readonly input: PlanNode;
}
/** A stream joined with a preloaded static table (see relational-nodes.ts); `input` is the stream. */
export interface LookupJoinNode extends NodeBase, LookupJoinNodeFields {
  readonly input: PlanNode;
}
/** Keep-first-row deduplication by key, optionally expiring keys by the watermark (see relational-nodes.ts). */
export interface DeduplicateNode extends NodeBase, DeduplicateNodeFields {
  readonly input: PlanNode;
}

/** Two streams joined on equal keys within a time range (see relational-nodes.ts); input 0 is `left`. */
export interface IntervalJoinNode extends NodeBase, IntervalJoinNodeFields {
  readonly left: PlanNode;
  readonly right: PlanNode;
}

/** Two relations (append-only or changelogs) joined on equal keys without a time bound (see relational-nodes.ts); input 0 is `left`. */
export interface RegularJoinNode extends NodeBase, RegularJoinNodeFields {
  readonly left: PlanNode;
  readonly right: PlanNode;
}

/** Two window TVFs joined on their windows and keys (see relational-nodes.ts); input 0 is `left`. */
export interface WindowJoinNode extends NodeBase, WindowJoinNodeFields {
  readonly left: PlanNode;
  readonly right: PlanNode;
}

/** A stream joined with the version of a versioned table valid at each row's time (see relational-nodes.ts); input 0 is `left`. */
export interface TemporalJoinNode extends NodeBase, TemporalJoinNodeFields {
  readonly left: PlanNode;
  readonly right: PlanNode;
}

/** Top-N and deduplication by ROW_NUMBER over an append-only input, an updating output (see relational-nodes.ts). */
export interface RankNode extends NodeBase, RankNodeFields {
  readonly input: PlanNode;
}

/** Window Top-N and window deduplication, emitted once per window (see relational-nodes.ts). */
export interface WindowRankNode extends NodeBase, WindowRankNodeFields {
  readonly input: PlanNode;
}

/** OVER aggregates: each row with the aggregates of its frame (see relational-nodes.ts). */
export interface OverAggregateNode extends NodeBase, OverAggregateNodeFields {
  readonly input: PlanNode;
}

/** The tag on which a branch emits the records its predicate rejected. */
export const BRANCH_REJECTED = 'rejected';

/** A job's logical plan: its sinks, from which every other node is reachable. */
export interface LogicalPlan {
  readonly name: string;
  readonly sinks: readonly SinkNode[];
  /**
   * Uids the user set (Flink's `uid`), by node id: the identity a checkpoint files the step's state
   * under. Steps without one get a uid derived from the plan (see plan/operator-uids.ts).
   */
  readonly uids?: Readonly<Record<string, string>>;
}

/** The direct inputs of a node, in input-index order (left before right for joins). */
export function inputsOf(node: PlanNode): readonly PlanNode[] {
  switch (node.kind) {
    case 'source': return [];
    case 'union': return node.inputs;
    case 'join':
    case 'interval-join':
    case 'regular-join':
    case 'window-join':
    case 'temporal-join': return [node.left, node.right];
    default: return [node.input];
  }
}

/**
 * Every node of a plan once, inputs before the nodes that read them (a topological order).
 *
 * @example
 * for (const node of topologicalOrder(plan)) console.log(node.id, node.kind);
 */
export function topologicalOrder(plan: LogicalPlan): PlanNode[] {
  const seen = new Set<PlanNode>();
  const order: PlanNode[] = [];
  const visit = (node: PlanNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const input of inputsOf(node)) visit(input);
    order.push(node);
  };
  for (const sink of plan.sinks) visit(sink);
  return order;
}
