import { createHash } from 'node:crypto';
import { PlanError } from '../core/errors.ts';
import { inputsOf, topologicalOrder, type LogicalPlan, type PlanNode, type PlanNodeKind } from './nodes.ts';

/**
 * Stable operator uids (Flink's `uid`): the identity under which a checkpoint files a step's state,
 * so a restarted job finds it again even when the program around it changed.
 *
 * A uid is the user's where one was set (`LogicalPlan.uids`, e.g. the Dataflow API's `.uid('…')`).
 * Otherwise it is derived from what the step reads, never from creation order:
 * - a source or sink by its name (a table name, a Dataflow step name), kept as it is when no other
 *   step has that name;
 * - any other step from its kind and its *lineage*: the sources and stateful steps upstream of it.
 *   Stateless steps (map, filter, calc, union, branch …) are see-through, so adding a filter in
 *   front of an aggregate, or a whole new pipeline beside it, does not move the aggregate's uid.
 *   A named step (a Dataflow step given a name) is identified by that name alone, like a source.
 * Steps that still look alike (two aggregates over the same source) are told apart by the sinks they
 * feed, and only then by their order in the plan — the one case where a change shifts a uid; give
 * such steps a uid to be safe.
 */

/** The node kinds whose operators keep state that a checkpoint must restore (keyed state, timers, buffers). */
const STATEFUL_KINDS: ReadonlySet<PlanNodeKind> = new Set<PlanNodeKind>([
  'window', 'process', 'join', 'window-aggregate', 'group-aggregate', 'deduplicate', 'interval-join',
  'regular-join', 'window-join', 'temporal-join', 'rank', 'window-rank', 'over-aggregate',
]);

/** Nodes that become no runtime vertex (wiring only), so they have no uid. */
const WIRING_KINDS: ReadonlySet<PlanNodeKind> = new Set<PlanNodeKind>(['key-by', 'side-output']);

/**
 * Whether a node kind keeps state across records (and so must find it again on restore).
 *
 * @example
 * isStatefulKind('group-aggregate') // true
 * isStatefulKind('calc')            // false
 */
export function isStatefulKind(kind: PlanNodeKind): boolean {
  return STATEFUL_KINDS.has(kind);
}

/**
 * The uid of every node that becomes a runtime vertex (sources, operators, watermark assigners,
 * sinks), by node id. Throws a PlanError when a user uid is used twice or is empty.
 *
 * @example
 * const uids = operatorUids(flow.plan());
 * uids.get('trades')   // 'trades': a source is known by its name
 * uids.get('window-3') // 'window-3f1c9a2b07de': derived from what the window reads
 */
export function operatorUids(plan: LogicalPlan): Map<string, string> {
  const explicit = checkedExplicitUids(plan);
  const order = topologicalOrder(plan);
  const sinksReached = sinksReachedBy(plan);
  const lineage = new Map<PlanNode, string>();
  const bases = new Map<PlanNode, string>();
  for (const node of order) {
    const inputs = inputsOf(node).map((input) => lineage.get(input)!);
    bases.set(node, baseOf(node, inputs));
    lineage.set(node, lineageOf(node, inputs, explicit));
  }
  const uids = new Map<string, string>();
  const taken = new Set(explicit.values());
  for (const group of groupsOfEqualBase(order, bases, explicit)) {
    const [kind, base] = [group[0].kind, bases.get(group[0])!];
    const tellApart = group.length > 1 && new Set(group.map((n) => sinksReached.get(n))).size === group.length;
    group.forEach((node, i) => {
      const seed = tellApart ? `${base}->${sinksReached.get(node)}` : `${base}#${i}`;
      // A step with a name of its own (a Dataflow step name, a table) is known by it when that is unambiguous.
      const named = group.length === 1 && base === `${kind}:${node.name}` && !taken.has(node.name!);
      let uid = named ? node.name! : `${kind}-${shortHash(group.length === 1 ? base : seed)}`;
      for (let n = 2; taken.has(uid); n++) uid = `${kind}-${shortHash(`${seed}~${n}`)}`;
      taken.add(uid);
      uids.set(node.id, uid);
    });
  }
  for (const [id, uid] of explicit) uids.set(id, uid);
  return uids;
}

/** What identifies a node before tie-breaking: its kind with its name, or with its inputs' lineage. */
function baseOf(node: PlanNode, inputs: readonly string[]): string {
  if (node.name !== undefined && (node.kind === 'source' || node.kind === 'sink' || isStatefulKind(node.kind))) {
    return `${node.kind}:${node.name}`;
  }
  if (node.kind === 'side-output') return `side-output:${node.tag}(${inputs.join(',')})`;
  return `${node.kind}(${inputs.join(',')})`;
}

/**
 * The lineage of the stream a node produces: an anchor (a source, a stateful step, a step with a
 * user uid) is itself; a stateless step is see-through (a union lists its inputs).
 */
function lineageOf(node: PlanNode, inputs: readonly string[], explicit: ReadonlyMap<string, string>): string {
  const uid = explicit.get(node.id);
  if (uid !== undefined) return `uid:${uid}`;
  if (node.kind === 'source') return `source:${node.name ?? node.id}`;
  if (isStatefulKind(node.kind)) return node.name !== undefined ? `${node.kind}:${node.name}` : `${node.kind}(${inputs.join(',')})`;
  if (node.kind === 'side-output') return `side-output:${node.tag}(${inputs.join(',')})`;
  if (node.kind === 'union') return `union(${inputs.join(',')})`;
  return inputs.join(',');
}

/** Nodes that need a derived uid, grouped by equal base, each group in plan order. */
function groupsOfEqualBase(order: readonly PlanNode[], bases: ReadonlyMap<PlanNode, string>, explicit: ReadonlyMap<string, string>): PlanNode[][] {
  const groups = new Map<string, PlanNode[]>();
  for (const node of order) {
    if (WIRING_KINDS.has(node.kind) || explicit.has(node.id)) continue;
    const base = bases.get(node)!;
    const group = groups.get(base);
    if (group === undefined) groups.set(base, [node]);
    else group.push(node);
  }
  return [...groups.values()];
}

/** Per node, the sorted names of the sinks its output reaches (joined), to tell look-alike steps apart. */
function sinksReachedBy(plan: LogicalPlan): Map<PlanNode, string> {
  const reached = new Map<PlanNode, Set<string>>();
  for (const sink of plan.sinks) {
    const label = sink.name ?? sink.id;
    const stack: PlanNode[] = [sink];
    while (stack.length > 0) {
      const node = stack.pop()!;
      let names = reached.get(node);
      if (names === undefined) reached.set(node, (names = new Set()));
      if (names.has(label)) continue;
      names.add(label);
      stack.push(...inputsOf(node));
    }
  }
  return new Map([...reached].map(([node, names]) => [node, [...names].sort().join('+')]));
}

function checkedExplicitUids(plan: LogicalPlan): Map<string, string> {
  const explicit = new Map<string, string>();
  const owners = new Map<string, string>();
  for (const [id, uid] of Object.entries(plan.uids ?? {})) {
    if (uid.trim() === '') throw new PlanError(`step '${id}' of job '${plan.name}': a uid must not be empty`);
    const other = owners.get(uid);
    if (other !== undefined) throw new PlanError(`uid '${uid}' is set on two steps of job '${plan.name}' ('${other}' and '${id}'); uids must be unique`);
    owners.set(uid, id);
    explicit.set(id, uid);
  }
  return explicit;
}

/** 12 hex digits of SHA-256: short enough to read in an error, long enough never to collide by chance. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
