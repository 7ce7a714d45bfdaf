import { ConfigError, PlanError } from '../core/errors.ts';
import { topologicalOrder, type LogicalPlan, type PlanNodeKind } from '../plan/nodes.ts';
import { isStatefulKind } from '../plan/operator-uids.ts';

/**
 * Whether a node needs every record of a key (or every record, for a global window) in one task: a
 * key-by and every stateful kind (plan/operator-uids.ts). Several tasks each read some partitions and
 * no exchange moves records between them yet, so a plan with one of these is only correct with
 * parallelism 1. The lookup join is partition-local: every task loads the whole table.
 */
function needsExchange(kind: PlanNodeKind): boolean {
  return kind === 'key-by' || isStatefulKind(kind);
}

/**
 * Checks that a job can run as `parallelism` tasks of `taskIndex`: the numbers are sane and, with
 * more than one task, every node is partition-local (map, filter, calc, lookup join, union, …).
 * A keyed node is refused with a PlanError naming it: records of one key would be split over tasks —
 * unless the plan is a sub-topology of a cut plan (`keyedInputsRepartitioned`), whose keyed nodes
 * read repartition topics partitioned by their keys (runtime/sub-topologies.ts).
 *
 * @example
 * checkParallelPlan(flow.plan(), 0, 2); // throws for a plan with keyBy(...).window(...)
 */
export function checkParallelPlan(plan: LogicalPlan, taskIndex: number, parallelism: number, keyedInputsRepartitioned = false): void {
  if (!Number.isInteger(parallelism) || parallelism < 1) throw new ConfigError('parallelism', `must be a positive integer, got ${parallelism}`);
  if (!Number.isInteger(taskIndex) || taskIndex < 0 || taskIndex >= parallelism) {
    throw new ConfigError('taskIndex', `must be an integer from 0 to ${parallelism - 1} (parallelism ${parallelism}), got ${taskIndex}`);
  }
  if (parallelism === 1 || keyedInputsRepartitioned) return;
  for (const node of topologicalOrder(plan)) {
    if (!needsExchange(node.kind)) continue;
    throw new PlanError(
      `job '${plan.name}': node '${node.id}' (${node.kind}) needs all records of a key in one task, but with parallelism ` +
      `${parallelism} each task reads only some partitions and this run has no exchange (repartition by key). ` +
      'Run it with parallelism 1; or scaled out with runStaticTasks, which cuts it into sub-topologies joined by ' +
      'repartition topics; or split it into a multiphase pipeline: a partition-local stage 1 (parallel) writes a ' +
      'Kafka topic keyed by the grouping key, and the keyed stage 2 reads that topic (with parallelism 1).',
    );
  }
}
