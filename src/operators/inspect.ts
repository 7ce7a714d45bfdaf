import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Calls a function with every record and its timestamp, then passes the batch on unchanged.
 *
 * @example
 * new InspectOperator((t, ts) => console.log(ts, t))
 */
export class InspectOperator<T> extends BaseOperator<T, T> {
  private readonly fn: (value: T, timestamp: number) => void;
  constructor(fn: (value: T, timestamp: number) => void) {
    super();
    this.fn = fn;
  }
  processBatch(batch: Batch<T>): void {
    for (let i = 0; i < batch.values.length; i++) this.fn(batch.values[i], batch.times[i]);
    this.ctx.emit(batch);
  }
}
