import type { Batch } from '../core/batch.ts';
import { BaseOperator } from './operator.ts';

/**
 * Merges several inputs into one stream. Records pass through; the runtime gives the operator the
 * minimum of its inputs' watermarks, which is what makes a union correct in event time.
 *
 * @example
 * new UnionOperator()
 */
export class UnionOperator<T> extends BaseOperator<T, T> {
  processBatch(batch: Batch<T>): void {
    this.ctx.emit(batch);
  }
}
