import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Applies a function to every record; timestamps pass through unchanged.
 *
 * @example
 * new MapOperator((t: Trade) => t.price * t.shares)
 */
export class MapOperator<In, Out> extends BaseOperator<In, Out> {
  private readonly fn: (value: In) => Out;
  constructor(fn: (value: In) => Out) {
    super();
    this.fn = fn;
  }
  processBatch(batch: Batch<In>): void {
    const input = batch.values;
    const fn = this.fn;
    const values = new Array<Out>(input.length);
    for (let i = 0; i < input.length; i++) values[i] = fn(input[i]);
    this.ctx.emit({ values, times: batch.times });
  }
}
