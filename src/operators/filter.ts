import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Keeps the records for which the predicate is true.
 *
 * @example
 * new FilterOperator((t: Trade) => t.transaction_value > 10_000)
 */
export class FilterOperator<T> extends BaseOperator<T, T> {
  private readonly predicate: (value: T) => boolean;
  constructor(predicate: (value: T) => boolean) {
    super();
    this.predicate = predicate;
  }
  processBatch(batch: Batch<T>): void {
    const { values: input, times: inputTimes } = batch;
    const predicate = this.predicate;
    const values: T[] = [];
    const times: number[] = [];
    for (let i = 0; i < input.length; i++) {
      if (predicate(input[i])) {
        values.push(input[i]);
        times.push(inputTimes[i]);
      }
    }
    if (values.length > 0) this.ctx.emit({ values, times });
  }
}
