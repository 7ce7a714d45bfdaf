import { PlanError } from '../core/errors.ts';
import { isSink, isSource, type Sink, type Source } from '../connectors/spi.ts';
import { topologicalOrder, type LogicalPlan, type PlanNode } from '../plan/nodes.ts';
import { isStatefulKind, operatorUids } from '../plan/operator-uids.ts';
import { stateShape } from '../plan/state-shape.ts';
import type { Clock } from './clock.ts';
import type { StateBackendChoice } from '../state/create-backend.ts';
import type { StateCut } from '../state/state-backend.ts';
import { buildOperator, isOperatorNode } from './operator-factory.ts';
import { OperatorVertex, type OperatorVertexSnapshot } from './operator-vertex.ts';
import { SinkVertex } from './sink-vertex.ts';
import { SourceVertex } from './source-vertex.ts';
import type { SplitWatermarkState } from './split-watermarks.ts';
import { checkRestore, type RestoreOptions, type StepRecord } from './restore-check.ts';
import type { Vertex } from './vertex.ts';
import { WatermarkVertex } from './watermark-vertex.ts';


/** The vertex id of a source's dead-letter sink is the source's id plus this. */
const DEAD_LETTERS_SUFFIX = '/dead-letters';
/** Turns a plan's opaque connector (an instance or a descriptor) into a source or sink. */
export interface ConnectorResolver {
  source(connector: unknown, nodeId: string): Source<unknown>;
  sink(connector: unknown, nodeId: string): Sink<unknown>;
}

/** Accepts connector instances only; the engine supplies a resolver that also knows descriptors. */
export const instanceResolver: ConnectorResolver = {
  source(connector, nodeId) {
    if (isSource(connector)) return connector;
    throw new PlanError(`source '${nodeId}': not a Source instance and no connector registry to resolve it`);
  },
  sink(connector, nodeId) {
    if (isSink(connector)) return connector;
    throw new PlanError(`sink '${nodeId}': not a Sink instance and no connector registry to resolve it`);
  },
};

/** Tag of the snapshot layout: state filed by stable uid, with each step's state fingerprint. */
export const GRAPH_FORMAT = 'sluice.graph/2';

/**
 * Operator state and mid-stream watermark state of a graph, as stored in a checkpoint, each under
 * its step's uid (plan/operator-uids.ts), with what each step was (`steps`) so a restore into a
 * changed job can say which step's state no longer fits.
 */
export interface GraphSnapshot {
  readonly format: typeof GRAPH_FORMAT;
  readonly operators: Record<string, OperatorVertexSnapshot>;
  readonly watermarks: Record<string, Record<string, SplitWatermarkState>>;
  /** Every source, operator, watermark and sink step by uid. */
  readonly steps: Record<string, StepRecord>;
}

/**
 * The running form of a logical plan: one vertex per source, operator and sink, wired by edges.
 * Key-by and side-output nodes are wiring, not vertices: a keyed operator applies its key-by's
 * function itself (one task, so no exchange is needed), and a side-output node is an edge from its
 * upstream's side port. Everything here is synchronous; the JobRunner drives it.
 *
 * @example
 * const graph = new JobGraph(plan, systemClock, instanceResolver);
 * graph.open();
 */
export class JobGraph {
  readonly sources: SourceVertex[] = [];
  readonly sinks: SinkVertex[] = [];
  /** The sources' dead-letter sinks: committed with the sinks, but no part of the plan's outputs. */
  readonly deadLetterSinks: SinkVertex[] = [];
  readonly operators: OperatorVertex[] = [];
  readonly watermarkAssigners: WatermarkVertex[] = [];
  /** Sink writes still in flight; the runner awaits them (backpressure). */
  readonly pendingWrites: Promise<void>[] = [];
  private readonly clock: Clock;
  private readonly stateBackend: StateBackendChoice | undefined;
  /** Stable uid of every vertex, by vertex (= plan node) id. */
  private readonly uids: ReadonlyMap<string, string>;

  constructor(plan: LogicalPlan, clock: Clock, resolver: ConnectorResolver = instanceResolver, stateBackend?: StateBackendChoice) {
    this.clock = clock;
    this.stateBackend = stateBackend;
    this.uids = operatorUids(plan);
    if (plan.sinks.length === 0) throw new PlanError(`job '${plan.name}' has no outputs: add at least one output/sink`);
    const vertices = new Map<PlanNode, Vertex>();
    for (const node of topologicalOrder(plan)) {
      const vertex = this.createVertex(node, resolver);
      if (vertex === undefined) continue;
      vertices.set(node, vertex);
      for (const input of inputsForWiring(node)) {
        const { from, port } = resolveOutput(input, vertices);
        const edge = { target: vertex, input: vertex.addInput() };
        if (port === 'main') from.mainOutputs.push(edge);
        else {
          const edges = from.sideOutputs.get(port) ?? [];
          edges.push(edge);
          from.sideOutputs.set(port, edges);
        }
      }
    }
  }

  /** Every sink a checkpoint prepares and commits: the plan's sinks, then the dead-letter sinks. */
  get committingSinks(): SinkVertex[] {
    return [...this.sinks, ...this.deadLetterSinks];
  }

  open(): void {
    for (const vertex of this.operators) vertex.open();
  }

  /**
   * Asynchronous work every operator needs done before the first record (Operator.prepare: a lookup
   * join loads its static table), after `open` and `restore`. Awaited one operator at a time in
   * topological order; the first failure rejects, naming its operator.
   */
  async prepare(): Promise<void> {
    // `operators` is in topological order: vertices are created walking the plan that way.
    for (const vertex of this.operators) await vertex.prepare();
  }

  /** Processing time moved: idle detection at sources, processing-time timers in operators. */
  tick(now: number): void {
    for (const source of this.sources) source.tick(now);
    for (const assigner of this.watermarkAssigners) assigner.tick(now);
    for (const vertex of this.operators) vertex.tick(now);
  }

  /** Earliest processing time at which some operator has work. */
  nextProcessingTime(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const vertex of this.operators) next = Math.min(next, vertex.operator.nextProcessingTime());
    return next;
  }

  /**
   * A checkpoint is next: every operator may emit what it holds for it (early-firing windows), in
   * topological order — upstream first, so what one emits reaches the operators below it before they
   * prepare in turn.
   */
  prepareCheckpoint(): void {
    // `operators` is in topological order: vertices are created walking the plan that way.
    for (const vertex of this.operators) vertex.prepareCheckpoint();
  }

  /**
   * A number that grows whenever anything happens in the graph: records entering any vertex or a
   * watermark rising anywhere. Equal readings mean nothing happened in between (an idle interval).
   */
  progress(): number {
    let total = 0;
    for (const vertex of this.sources) total += vertex.recordsIn + vertex.watermarkAdvances;
    for (const vertex of this.watermarkAssigners) total += vertex.recordsIn + vertex.watermarkAdvances;
    for (const vertex of this.operators) total += vertex.recordsIn + vertex.watermarkAdvances;
    for (const vertex of this.committingSinks) total += vertex.recordsIn + vertex.watermarkAdvances;
    return total;
  }

  /** All sources are drained: end event time (fires every window), then let operators flush. */
  finish(): void {
    for (const source of this.sources) source.endOfInput();
    for (const vertex of this.operators) vertex.operator.finish();
  }

  close(): void {
    for (const vertex of this.operators) vertex.close();
  }

  /**
   * The stable uid of a vertex (plan/operator-uids.ts): what a checkpoint files its state under.
   *
   * @example
   * graph.uidOf('counts') // 'window-3f1c9a2b07de', or the uid set with `.uid('…')`
   */
  uidOf(vertexId: string): string {
    const uid = this.uids.get(vertexId);
    if (uid !== undefined) return uid;
    // A source's dead-letter sink is not a plan step: it is filed under its source's uid.
    if (vertexId.endsWith(DEAD_LETTERS_SUFFIX)) return `${this.uidOf(vertexId.slice(0, -DEAD_LETTERS_SUFFIX.length))}${DEAD_LETTERS_SUFFIX}`;
    throw new PlanError(`no step '${vertexId}' in this job`);
  }

  /**
   * The synchronous part of an incremental checkpoint: every operator's cut (full where `full` says
   * so) and the small rest of the snapshot, filed under uids as `snapshot()` files them; the runner
   * writes the cuts' entries afterwards.
   */
  beginCheckpoint(full: (uid: string) => boolean): { snapshot: GraphSnapshot; cuts: Map<string, StateCut> } {
    const operators: Record<string, OperatorVertexSnapshot> = {};
    const cuts = new Map<string, StateCut>();
    for (const vertex of this.operators) {
      const uid = this.uidOf(vertex.id);
      const begun = vertex.beginCheckpoint(full(uid));
      operators[uid] = begun.snapshot;
      cuts.set(uid, begun.cut);
    }
    const watermarks: Record<string, Record<string, SplitWatermarkState>> = {};
    for (const assigner of this.watermarkAssigners) watermarks[this.uidOf(assigner.id)] = assigner.watermarkState();
    return { snapshot: { format: GRAPH_FORMAT, operators, watermarks, steps: Object.fromEntries(this.steps()) }, cuts };
  }

  snapshot(): GraphSnapshot {
    const operators: Record<string, OperatorVertexSnapshot> = {};
    for (const vertex of this.operators) operators[this.uidOf(vertex.id)] = vertex.snapshot();
    const watermarks: Record<string, Record<string, SplitWatermarkState>> = {};
    for (const assigner of this.watermarkAssigners) watermarks[this.uidOf(assigner.id)] = assigner.watermarkState();
    return { format: GRAPH_FORMAT, operators, watermarks, steps: Object.fromEntries(this.steps()) };
  }

  /**
   * Restores operator state and watermarks filed under the same uids. State the job has no step for,
   * or whose shape changed, fails the restore naming the step, unless `allowNonRestoredState` (see
   * runtime/restore-check.ts); a step new in the job starts empty. Call after `open`.
   */
  restore(snapshot: GraphSnapshot, options: RestoreOptions = {}): void {
    if (snapshot?.format !== GRAPH_FORMAT) {
      throw new PlanError('the checkpoint was written by an older Sluice that did not record operator uids; it cannot be restored (remove it to start afresh)');
    }
    const { startEmpty } = checkRestore(snapshot.steps, this.steps(), options);
    for (const vertex of this.operators) {
      const uid = this.uidOf(vertex.id);
      const state = snapshot.operators[uid];
      if (state !== undefined && !startEmpty.has(uid)) vertex.restore(state);
    }
    for (const assigner of this.watermarkAssigners) assigner.restoreMarks(snapshot.watermarks[this.uidOf(assigner.id)], this.clock.now());
  }

  /** Every source, operator, watermark and sink step as a checkpoint records it, by uid. */
  private steps(): Map<string, StepRecord> {
    const steps = new Map<string, StepRecord>();
    for (const vertex of this.sources) steps.set(this.uidOf(vertex.id), { id: vertex.id, kind: vertex.kind, stateful: true });
    for (const vertex of this.watermarkAssigners) steps.set(this.uidOf(vertex.id), { id: vertex.id, kind: vertex.kind, stateful: false });
    // Whether a sink's prepared commit matters is known to the checkpoint, not here (see job-checkpoint.ts).
    for (const vertex of this.committingSinks) steps.set(this.uidOf(vertex.id), { id: vertex.id, kind: vertex.kind, stateful: false });
    for (const vertex of this.operators) {
      const fingerprint = vertex.stateFingerprint();
      const step = { id: vertex.id, kind: vertex.kind, stateful: isStatefulKind(vertex.kind as PlanNode['kind']) };
      steps.set(this.uidOf(vertex.id), fingerprint === undefined ? step : { ...step, fingerprint });
    }
    return steps;
  }

  /** Sum of a metric over all operators (e.g. lateRecordsDropped). */
  metric(name: string): number {
    let total = 0;
    for (const vertex of this.operators) total += vertex.metrics.get(name);
    return total;
  }

  vertex(id: string): Vertex | undefined {
    return [...this.sources, ...this.operators, ...this.watermarkAssigners, ...this.sinks, ...this.deadLetterSinks].find((v) => v.id === id);
  }

  private createVertex(node: PlanNode, resolver: ConnectorResolver): Vertex | undefined {
    switch (node.kind) {
      case 'key-by':
      case 'side-output':
        return undefined;
      case 'source': {
        const source = resolver.source(node.connector, node.id);
        let deadLetters: SinkVertex | undefined;
        if (source.deadLetterSink !== undefined) {
          deadLetters = new SinkVertex(`${node.id}${DEAD_LETTERS_SUFFIX}`, source.deadLetterSink, this.pendingWrites);
          this.deadLetterSinks.push(deadLetters);
        }
        const vertex = new SourceVertex(node.id, source, node.watermark, deadLetters);
        this.sources.push(vertex);
        return vertex;
      }
      case 'sink': {
        const vertex = new SinkVertex(node.id, resolver.sink(node.connector, node.id), this.pendingWrites);
        this.sinks.push(vertex);
        return vertex;
      }
      case 'watermark': {
        const vertex = new WatermarkVertex(node.id, node.strategy, () => this.clock.now());
        this.watermarkAssigners.push(vertex);
        return vertex;
      }
      default: {
        if (!isOperatorNode(node)) throw new PlanError(`no physical form for plan node kind '${(node as PlanNode).kind}'`);
        const vertex = new OperatorVertex(node.id, node.kind, buildOperator(node), this.clock, stateShape(node), this.stateBackend);
        this.operators.push(vertex);
        return vertex;
      }
    }
  }
}

/** The plan nodes whose outputs feed `node`, for wiring (key-by and side-output are see-through). */
function inputsForWiring(node: PlanNode): readonly PlanNode[] {
  switch (node.kind) {
    case 'source':
    case 'key-by':
    case 'side-output':
      return [];
    case 'union':
      return node.inputs;
    case 'join':
    case 'interval-join':
    case 'regular-join':
    case 'window-join':
    case 'temporal-join':
      return [node.left, node.right];
    default:
      return [node.input];
  }
}

/** The vertex and output port that carry a plan node's records. */
function resolveOutput(node: PlanNode, vertices: Map<PlanNode, Vertex>): { from: Vertex; port: string } {
  if (node.kind === 'key-by') return resolveOutput(node.input, vertices);
  if (node.kind === 'side-output') return { from: resolveOutput(node.input, vertices).from, port: node.tag };
  const from = vertices.get(node);
  if (from === undefined) throw new PlanError(`plan node '${node.id}' is used before it is built`);
  return { from, port: 'main' };
}
