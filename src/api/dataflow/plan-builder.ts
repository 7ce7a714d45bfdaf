import { PlanError } from '../../core/errors.ts';
import type { LogicalPlan, PlanNode, SinkNode } from '../../plan/nodes.ts';

/** A plan node before it has an id (distributes over the union of node kinds). */
export type NodeSpec = PlanNode extends infer N ? (N extends PlanNode ? Omit<N, 'id'> : never) : never;

/**
 * Collects the nodes a Dataflow creates and gives each an id: the user's step name where one was
 * given (also kept as the node's `name`), else `<kind>-<n>` in creation order. Checkpoints do not go
 * by these ids but by uids (plan/operator-uids.ts): the ones set with `Stream.uid`, kept here, or
 * derived from the plan.
 */
export class PlanBuilder {
  readonly name: string;
  private readonly sinks: SinkNode[] = [];
  private readonly ids = new Set<string>();
  private readonly uids = new Map<string, string>();
  private counter = 0;

  constructor(name: string) {
    this.name = name;
  }

  /** Freezes and registers a node, assigning its id. */
  add<S extends NodeSpec>(node: S, name?: string): Extract<PlanNode, { kind: S['kind'] }> {
    type N = Extract<PlanNode, { kind: S['kind'] }>;
    const id = name ?? `${node.kind}-${++this.counter}`;
    if (this.ids.has(id)) throw new Error(`step name '${id}' is used twice in dataflow '${this.name}'; step names must be unique`);
    this.ids.add(id);
    const frozen = Object.freeze({ ...node, id, ...(name === undefined ? {} : { name }) }) as unknown as N;
    if (frozen.kind === 'sink') this.sinks.push(frozen as SinkNode);
    return frozen;
  }

  /** Sets the uid of a step (Flink's `uid`); a uid is set once per step and used by one step only. */
  setUid(node: PlanNode, uid: string): void {
    if (typeof uid !== 'string' || uid.trim() === '') throw new PlanError(`step '${node.id}': a uid must be a non-empty string`);
    if (node.kind === 'side-output' || node.kind === 'key-by') {
      throw new PlanError(`step '${node.id}' is a ${node.kind}, which keeps no state of its own: set the uid on the step that produces it`);
    }
    const current = this.uids.get(node.id);
    if (current !== undefined && current !== uid) throw new PlanError(`step '${node.id}' already has uid '${current}'`);
    for (const [id, other] of this.uids) {
      if (other === uid && id !== node.id) throw new PlanError(`uid '${uid}' is already used by step '${id}' in dataflow '${this.name}'; uids must be unique`);
    }
    this.uids.set(node.id, uid);
  }

  build(): LogicalPlan {
    const plan = { name: this.name, sinks: Object.freeze([...this.sinks]) };
    return Object.freeze(this.uids.size === 0 ? plan : { ...plan, uids: Object.freeze(Object.fromEntries(this.uids)) });
  }
}
