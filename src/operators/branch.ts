import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Splits a stream in two with one evaluation of the predicate per record: matches go to the main
 * output, the rest to the side output `rejectedTag`.
 *
 * @example
 * new BranchOperator((t: Trade) => t.transaction_value > 10_000, 'rejected')
 */
export class BranchOperator<T> extends BaseOperator<T, T> {
  private readonly predicate: (value: T) => boolean;
  private readonly rejectedTag: string;
  constructor(predicate: (value: T) => boolean, rejectedTag: string) {
    super();
    this.predicate = predicate;
    this.rejectedTag = rejectedTag;
  }
  processBatch(batch: Batch<T>): void {
    const matched: T[] = [];
    const matchedTimes: number[] = [];
    const rejected: T[] = [];
    const rejectedTimes: number[] = [];
    for (let i = 0; i < batch.values.length; i++) {
      const value = batch.values[i];
      if (this.predicate(value)) {
        matched.push(value);
        matchedTimes.push(batch.times[i]);
      } else {
        rejected.push(value);
        rejectedTimes.push(batch.times[i]);
      }
    }
    if (matched.length > 0) this.ctx.emit({ values: matched, times: matchedTimes });
    if (rejected.length > 0) this.ctx.emitSide(this.rejectedTag, { values: rejected, times: rejectedTimes });
  }
}
