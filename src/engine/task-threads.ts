import { Dataflow } from '../api/dataflow/dataflow.ts';
import { isInProcessLogConnector } from '../connectors/log/in-process-connectors.ts';
import { PlanError } from '../core/errors.ts';
import { topologicalOrder, type LogicalPlan } from '../plan/nodes.ts';
import { checkParallelPlan } from '../runtime/parallel-plan.ts';

/**
 * Checks that a job can run as `parallelism` tasks in separate threads (the CLI's `--parallelism`):
 * partition-local (see checkParallelPlan) and not on the in-process log, whose topics live in one
 * thread's memory — each task would read and write a log of its own. Such a job runs as several
 * tasks only inside one thread (several `start()` calls sharing the log).
 *
 * @example
 * checkTaskThreads(flow, 4); // throws a PlanError naming the offending node
 */
export function checkTaskThreads(job: Dataflow | LogicalPlan, parallelism: number): void {
  const plan = job instanceof Dataflow ? job.plan() : job;
  checkParallelPlan(plan, 0, parallelism);
  if (parallelism === 1) return;
  for (const node of topologicalOrder(plan)) {
    if ((node.kind === 'source' || node.kind === 'sink') && isInProcessLogConnector(node.connector)) {
      throw new PlanError(
        `job '${plan.name}': ${node.kind} '${node.id}' uses the in-process log, which lives in one thread's memory; ` +
        `tasks in worker threads cannot share it. Run with parallelism 1, or read and write Kafka topics.`,
      );
    }
  }
}
