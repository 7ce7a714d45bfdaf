import { DataTypes, type DataType, type RowType } from '../../../src/core/data-types.ts';
import type { Row } from '../../../src/core/row.ts';
import { field, type Expr } from '../../../src/plan/expr/index.ts';
import type { AggregateCall, AggregateFunctionName } from '../../../src/plan/relational-nodes.ts';
import { compileAggregateCalls } from '../../../src/operators/sql-aggregates/index.ts';

/** The input rows of the aggregate tests; every column nullable. */
export const T: RowType = DataTypes.ROW([
  { name: 'k', type: DataTypes.STRING() },
  { name: 'i', type: DataTypes.INT() },
  { name: 'b', type: DataTypes.BIGINT() },
  { name: 'd', type: DataTypes.DOUBLE() },
  { name: 'dec', type: DataTypes.DECIMAL(10, 2) },
  { name: 's', type: DataTypes.STRING() },
  { name: 'ts', type: DataTypes.TIMESTAMP(3) },
  { name: 'flag', type: DataTypes.BOOLEAN() },
]);

export const f = (name: string): Expr => field(T, name);

/** An aggregate call; the result type defaults to the argument's (COUNT: BIGINT NOT NULL). */
export function agg(
  fn: AggregateFunctionName,
  args: readonly Expr[],
  options: { distinct?: boolean; filter?: Expr; name?: string; type?: DataType } = {},
): AggregateCall {
  const type = options.type ?? (fn === 'COUNT' ? DataTypes.BIGINT() : args[0]?.type ?? DataTypes.BIGINT());
  return { fn, args, distinct: options.distinct ?? false, filter: options.filter, name: options.name ?? 'r', type };
}

/** Runs `calls` over `rows` (one accumulator) and returns the result object. */
export function aggregate(calls: readonly AggregateCall[], rows: readonly Row[]): Record<string, unknown> {
  const fn = compileAggregateCalls(calls, T);
  let acc = fn.createAccumulator();
  for (const row of rows) acc = fn.add(acc, row);
  return fn.getResult(acc);
}

/** The single result `r` of one call over `rows`. */
export function one(call: AggregateCall, rows: readonly Row[]): unknown {
  return aggregate([call], rows).r;
}
