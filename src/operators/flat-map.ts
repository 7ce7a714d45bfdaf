import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Maps every record to zero or more records, each keeping the input's timestamp.
 *
 * @example
 * new FlatMapOperator((line: string) => line.split(' '))
 */
export class FlatMapOperator<In, Out> extends BaseOperator<In, Out> {
  private readonly fn: (value: In) => Iterable<Out>;
  constructor(fn: (value: In) => Iterable<Out>) {
    super();
    this.fn = fn;
  }
  processBatch(batch: Batch<In>): void {
    const { values: input, times: inputTimes } = batch;
    const values: Out[] = [];
    const times: number[] = [];
    for (let i = 0; i < input.length; i++) {
      const produced = this.fn(input[i]);
      if (Array.isArray(produced)) {
        for (let j = 0; j < produced.length; j++) {
          values.push(produced[j]);
          times.push(inputTimes[i]);
        }
      } else {
        for (const value of produced) {
          values.push(value);
          times.push(inputTimes[i]);
        }
      }
    }
    if (values.length > 0) this.ctx.emit({ values, times });
  }
}
