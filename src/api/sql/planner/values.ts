import { DataTypes, leastRestrictive, typeToString, type DataType } from '../../../core/data-types.ts';
import type { Row } from '../../../core/row.ts';
import { memorySource } from '../../../connectors/memory/memory-source.ts';
import { coerceTo, type Expr } from '../../../plan/expr/index.ts';
import type { SourceNode } from '../../../plan/nodes.ts';
import type { Values } from '../ast/queries.ts';
import { calc } from './calc.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr } from './expressions.ts';
import type { Relation } from './relation.ts';
import { singleRow } from './select.ts';
import { unionAll } from './set-operations.ts';

/**
 * `VALUES (…), (…)`: columns EXPR$0, EXPR$1, … of the rows' common types. Rows of literals become a
 * bounded in-memory source; rows with computed values become one-row calcs under a union.
 *
 * @example
 * planValues(parseQuery("VALUES ('AAPL', 100), ('MSFT', 50)").body as Values, ctx)
 */
export function planValues(values: Values, ctx: PlanContext): Relation {
  const empty = { columns: [], rowType: DataTypes.ROW([]), clause: 'VALUES' };
  const rows: Expr[][] = values.rows.map((row) => row.map((cell) => bindExpr(cell, empty, ctx)));
  const width = rows[0].length;
  rows.forEach((row, i) => {
    if (row.length !== width) throw fail(values.rows[i][0]?.pos ?? values.pos, ctx.source, `VALUES: row ${i + 1} has ${row.length} values, row 1 has ${width}`);
  });
  const names = Array.from({ length: width }, (_, i) => `EXPR$${i}`);
  const types: DataType[] = names.map((_, c) => {
    const common = leastRestrictive(rows.map((r) => r[c].type));
    if (common === undefined) throw fail(values.pos, ctx.source, `VALUES: column ${c + 1} mixes ${rows.map((r) => typeToString(r[c].type)).join(', ')}`);
    return common;
  });
  const cells = rows.map((row) => row.map((e, c) => coerceTo(e, types[c])));
  const columns = names.map((name, c) => ({ name, type: types[c] }));
  if (cells.every((row) => row.every((e) => e.kind === 'literal'))) {
    const data: Row[] = cells.map((row) => Object.fromEntries(row.map((e, c) => [names[c], (e as { value: unknown }).value])));
    const node = ctx.node<SourceNode>({ kind: 'source', connector: memorySource(data, { name: 'values' }) }, 'values');
    return { node, columns, updating: false, bounded: true };
  }
  const perRow = cells.map((row) => calc(singleRow(ctx), ctx, { projections: row.map((expr, c) => ({ name: names[c], expr })) }));
  return perRow.length === 1 ? perRow[0] : unionAll(perRow, values.pos, ctx);
}
