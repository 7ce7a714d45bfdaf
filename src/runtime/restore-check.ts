import { PlanError } from '../core/errors.ts';

/**
 * Whether a checkpoint's state fits the job restoring it, step by step (by uid, see
 * plan/operator-uids.ts): Flink's rule that state nobody claims fails the restore unless the user
 * says to drop it (`--allow-non-restored-state`), plus a check Flink leaves to serializers: a step
 * whose state changed shape (a GROUP BY that gained a SUM, a window of another size) would misread
 * the old state, so it is refused the same way.
 */

/** The shape of a step's state: the plan's description and the states its operator opened. */
export interface StateFingerprint {
  /** From the plan (plan/state-shape.ts). */
  readonly shape: string;
  /** `name:kind` of the states the operator opened, sorted; '' if it opened none when it started. */
  readonly states: string;
}

/** A step as a checkpoint records it, under its uid. */
export interface StepRecord {
  /** The step's id in the plan (for messages: what the user sees in EXPLAIN and metrics). */
  readonly id: string;
  readonly kind: string;
  /** Sources (positions) and stateful operators: their checkpoint entry must find its step again. */
  readonly stateful: boolean;
  readonly fingerprint?: StateFingerprint;
}

/** How a restore treats state that does not fit the job. */
export interface RestoreOptions {
  /**
   * Flink's `--allow-non-restored-state` (SQL: 'execution.savepoint.ignore-unclaimed-state'): state
   * of steps the job no longer has is dropped, and steps whose state changed shape start empty, each
   * reported with a warning. Default false: either is an error naming the step.
   */
  readonly allowNonRestoredState?: boolean;
  /** Where dropped state is reported. Default console.warn. */
  readonly warn?: (message: string) => void;
}

/** The outcome: uids whose saved state is not restored (their steps start empty). */
export interface RestoreDecision {
  readonly startEmpty: ReadonlySet<string>;
}

const FLAG_HINT =
  "restart with --allow-non-restored-state (JobOptions.allowNonRestoredState, SQL SET 'execution.savepoint.ignore-unclaimed-state' = 'true') " +
  'to drop that state, or restore the job as it was';

/**
 * Compares the steps a checkpoint recorded with the job's, both by uid. Throws a PlanError listing
 * every step that does not fit, unless `allowNonRestoredState`; then warns and reports which steps
 * start empty. A step new in the job starts empty without complaint (it had no state to lose).
 *
 * @example
 * const { startEmpty } = checkRestore(saved.steps, currentSteps, { allowNonRestoredState: false });
 */
export function checkRestore(
  saved: Readonly<Record<string, StepRecord>>,
  current: ReadonlyMap<string, StepRecord>,
  options: RestoreOptions = {},
): RestoreDecision {
  const problems: string[] = [];
  const startEmpty = new Set<string>();
  for (const [uid, step] of Object.entries(saved)) {
    if (!step.stateful) continue;
    const now = current.get(uid);
    if (now === undefined) {
      problems.push(`the checkpoint holds state of ${describe(step, uid)}, which the job no longer has (removed, or it reads other inputs now)`);
      continue;
    }
    const change = shapeChange(step.fingerprint, now.fingerprint);
    if (change !== undefined) {
      problems.push(`the state of ${describe(now, uid)} changed shape: ${change}`);
      startEmpty.add(uid);
    }
  }
  if (problems.length === 0) return { startEmpty };
  if (options.allowNonRestoredState !== true) {
    throw new PlanError(`cannot restore the checkpoint into this job:\n  - ${problems.join('\n  - ')}\n${FLAG_HINT}`);
  }
  const warn = options.warn ?? ((message: string) => console.warn(message));
  for (const problem of problems) warn(`sluice: allow-non-restored-state: ${problem}; that state is dropped`);
  return { startEmpty };
}

function describe(step: StepRecord, uid: string): string {
  return step.id === uid ? `${step.kind} '${step.id}'` : `${step.kind} '${step.id}' (uid '${uid}')`;
}

/** What changed between two fingerprints, or undefined when the old state still fits. */
function shapeChange(before: StateFingerprint | undefined, after: StateFingerprint | undefined): string | undefined {
  if (before === undefined || after === undefined) {
    return before === after ? undefined : `checkpoint has '${before?.shape ?? 'no keyed state'}', the job has '${after?.shape ?? 'no keyed state'}'`;
  }
  if (before.shape !== after.shape) return `checkpoint has '${before.shape}', the job has '${after.shape}'`;
  // States opened lazily (on the first record) are not known yet at restore: compare only what both know.
  if (after.states !== '' && before.states !== after.states) {
    return `checkpoint has states (${before.states}), the job opens (${after.states})`;
  }
  return undefined;
}
