import type { DataType, RowType } from '../../core/data-types.ts';
import { PlanError } from '../../core/errors.ts';
import type { Expr } from '../../plan/expr/expr.ts';
import { referencedFields } from '../../plan/expr/expr.ts';
import type { AggregateCall } from '../../plan/relational-nodes.ts';
import { compileExpr, type CompileOptions } from '../expr/compile.ts';
import { avgAggregator, sum0Aggregator, sumAggregator, varianceAggregator } from './numeric-aggregators.ts';
import { numericResult } from './result-types.ts';
import type { ValueAggregator } from './value-aggregator.ts';
import {
  countAggregator, extremeAggregator, firstValueAggregator, lastValueAggregator, listAggAggregator,
} from './value-aggregators.ts';

/** LISTAGG's separator when the call gives none (Flink's default). */
export const DEFAULT_LISTAGG_SEPARATOR = ',';

/**
 * The value aggregator of one call and the arguments it aggregates (LISTAGG's separator is not
 * one: it is a constant, read here once).
 *
 * @example
 * const { aggregator, valueArgs } = aggregatorFor(sumCall, trades, 'window-aggregate w');
 */
export function aggregatorFor(
  call: AggregateCall,
  inputType: RowType,
  label: string,
  options?: CompileOptions,
): { aggregator: ValueAggregator<any>; valueArgs: readonly Expr[] } {
  const where = `${label}: ${call.fn}(…) AS ${call.name}`;
  const one = (): readonly Expr[] => {
    if (call.args.length !== 1) throw new PlanError(`${where}: takes one argument, got ${call.args.length}`);
    return call.args;
  };
  switch (call.fn) {
    case 'COUNT':
      if (call.distinct && call.args.length === 0) throw new PlanError(`${where}: COUNT(DISTINCT) needs an argument`);
      return { aggregator: countAggregator(), valueArgs: call.args };
    case 'SUM': return { aggregator: sumAggregator(numericResult(call.type)), valueArgs: one() };
    case 'SUM0': return { aggregator: sum0Aggregator(numericResult(call.type)), valueArgs: one() };
    case 'AVG': return { aggregator: avgAggregator(numericResult(call.type)), valueArgs: one() };
    case 'MIN': case 'MAX': {
      const args = one();
      return { aggregator: extremeAggregator(call.fn, isStructured(args[0].type)), valueArgs: args };
    }
    case 'FIRST_VALUE': return { aggregator: firstValueAggregator(), valueArgs: one() };
    case 'LAST_VALUE': return { aggregator: lastValueAggregator(), valueArgs: one() };
    case 'LISTAGG': {
      if (call.args.length < 1 || call.args.length > 2) throw new PlanError(`${where}: takes one or two arguments, got ${call.args.length}`);
      const separator = call.args.length === 2 ? constantText(call.args[1], inputType, where, options) : DEFAULT_LISTAGG_SEPARATOR;
      return { aggregator: listAggAggregator(separator), valueArgs: [call.args[0]] };
    }
    case 'STDDEV_POP': case 'STDDEV_SAMP': case 'VAR_POP': case 'VAR_SAMP':
      return { aggregator: varianceAggregator(call.fn, numericResult(call.type)), valueArgs: one() };
    default:
      throw new PlanError(`${where}: unknown aggregate function '${(call as { fn: string }).fn}'`);
  }
}

/** Types whose values are objects (bytes, collections): ordered by compareValues, not `<`. */
function isStructured(type: DataType): boolean {
  switch (type.kind) {
    case 'BINARY': case 'VARBINARY': case 'ARRAY': case 'MULTISET': case 'ROW': case 'MAP': return true;
    default: return false;
  }
}

/** LISTAGG's separator: a constant expression (as Flink requires), evaluated once. NULL means the default. */
function constantText(expr: Expr, inputType: RowType, where: string, options?: CompileOptions): string {
  if (referencedFields(expr).length > 0) throw new PlanError(`${where}: the LISTAGG separator must be a constant`);
  const value = compileExpr(expr, inputType, options)({});
  return value === null || value === undefined ? DEFAULT_LISTAGG_SEPARATOR : String(value);
}
