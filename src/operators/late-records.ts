import { PlanError } from '../core/errors.ts';
import type { LatenessPolicy } from '../plan/windows.ts';
import type { OperatorContext } from './operator.ts';
import { PendingOutput } from './pending-output.ts';

/** Metric: records too late for every window they belong to, and dropped. */
export const LATE_RECORDS_DROPPED = 'lateRecordsDropped';
/** Metric: records too late for every window they belong to, sent to the lateness side output. */
export const LATE_RECORDS_SIDE_OUTPUT = 'lateRecordsSideOutput';

/**
 * What the window operators do with a record that is too late for all of its windows (its windows
 * ended more than the allowed lateness before the watermark): drop it and count it in
 * `lateRecordsDropped`, or — when the policy names a side output — emit it there and count it in
 * `lateRecordsSideOutput`. Counts and side-output records are gathered and handed on once per batch.
 *
 * @example
 * const late = new LateRecords(ctx, { allowed: 0, sideOutput: 'late-trades' });
 * late.reject(trade, 1000);
 * late.flush(); // emits [trade] on 'late-trades', adds 1 to lateRecordsSideOutput
 */
export class LateRecords {
  readonly #ctx: OperatorContext<unknown>;
  readonly #tag: string | undefined;
  readonly #side = new PendingOutput<unknown>();
  #dropped = 0;
  readonly #emitSide = (batch: { values: unknown[]; times: number[] }): void => {
    this.#ctx.metrics.add(LATE_RECORDS_SIDE_OUTPUT, batch.values.length);
    this.#ctx.emitSide(this.#tag!, batch);
  };

  constructor(ctx: OperatorContext<unknown>, policy: LatenessPolicy) {
    this.#ctx = ctx;
    this.#tag = policy.sideOutput;
  }

  reject(value: unknown, time: number): void {
    if (this.#tag === undefined) this.#dropped++;
    else this.#side.push(value, time);
  }

  /** Reports what was rejected since the last flush. */
  flush(): void {
    if (this.#dropped > 0) {
      this.#ctx.metrics.add(LATE_RECORDS_DROPPED, this.#dropped);
      this.#dropped = 0;
    }
    this.#side.flush(this.#emitSide);
  }
}

/**
 * The allowed lateness of a policy, validated. Processing-time windows have none: the clock never
 * runs backwards, so no record can be late.
 *
 * @example
 * allowedLateness({ allowed: 5_000 }, 'event') // 5000
 */
export function allowedLateness(policy: LatenessPolicy, time: 'event' | 'processing'): number {
  const allowed = policy.allowed ?? 0;
  if (!(allowed >= 0)) throw new PlanError(`allowed lateness must be a non-negative number of milliseconds, got ${allowed}`);
  return time === 'processing' ? 0 : allowed;
}
