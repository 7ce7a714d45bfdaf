import type { Batch } from '../core/batch.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { CalcNodeFields } from '../plan/relational-nodes.ts';
import { compilePredicate, compileProjection, type CompileOptions } from './expr/compile.ts';
import { BaseOperator } from './operator.ts';

/** What {@link CalcOperator} needs of a calc node. */
export type CalcConfig = Pick<CalcNodeFields, 'inputType' | 'projections' | 'condition'>;

/**
 * Flink's Calc: filter and projection in one pass over the batch. The condition and the projection
 * are compiled once, when the operator is made; a row passes when the condition is TRUE (NULL and
 * FALSE drop it) and keeps its timestamp. A changelog row keeps its kind (`$kind`) through the
 * projection, so a Calc after an updating aggregate (HAVING, a SELECT list) stays a changelog.
 *
 * @example
 * const op = new CalcOperator({
 *   inputType: trades,
 *   condition: call('>', [field(trades, 'price'), numericLiteral('100')]),
 *   projections: [{ name: 'symbol', expr: field(trades, 'symbol') }],
 * });
 */
export class CalcOperator extends BaseOperator<Row, Row> {
  readonly #keep: ((row: Row) => boolean) | undefined;
  readonly #project: ((row: Row) => Row) | undefined;

  constructor(config: CalcConfig, options?: CompileOptions) {
    super();
    this.#keep = config.condition === undefined ? undefined : compilePredicate(config.condition, config.inputType, options);
    this.#project = config.projections === undefined ? undefined : compileProjection(config.projections, config.inputType, options);
  }

  /** One row through the condition and the projection (queryable state); undefined when the condition drops it. */
  transformResult(row: Row): Row | undefined {
    if (this.#keep !== undefined && !this.#keep(row)) return undefined;
    return this.#project === undefined ? row : this.#project(row);
  }

  processBatch(batch: Batch<Row>): void {
    const keep = this.#keep;
    const project = this.#project;
    if (keep === undefined && project === undefined) {
      this.ctx.emit(batch);
      return;
    }
    const { values, times } = batch;
    const n = values.length;
    const outValues: Row[] = [];
    const outTimes: number[] = [];
    for (let i = 0; i < n; i++) {
      const row = values[i];
      if (keep !== undefined && !keep(row)) continue;
      if (project === undefined) {
        outValues.push(row);
      } else {
        const out = project(row);
        const kind = row[ROW_KIND];
        if (kind !== undefined) out[ROW_KIND] = kind;
        outValues.push(out);
      }
      outTimes.push(times[i]);
    }
    if (outValues.length > 0) this.ctx.emit({ values: outValues, times: outTimes });
  }
}
