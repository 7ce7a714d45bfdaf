import type { LogicalPlan, PlanNode, SinkNode } from '../../plan/nodes.ts';

/** A plan node before it has an id (distributes over the union of node kinds). */
export type NodeSpec = PlanNode extends infer N ? (N extends PlanNode ? Omit<N, 'id'> : never) : never;

/**
 * Collects the nodes a Dataflow creates and gives each a stable id: the user's step name where one
 * was given, else `<kind>-<n>` in creation order — stable for an unchanged program, which is what
 * lets a checkpoint's state find its operator again after a restart.
 */
export class PlanBuilder {
  readonly name: string;
  private readonly sinks: SinkNode[] = [];
  private readonly ids = new Set<string>();
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
    const frozen = Object.freeze({ ...node, id }) as unknown as N;
    if (frozen.kind === 'sink') this.sinks.push(frozen as SinkNode);
    return frozen;
  }

  build(): LogicalPlan {
    return Object.freeze({ name: this.name, sinks: Object.freeze([...this.sinks]) });
  }
}
