import { DataTypes, typeToString, type DataType, type RowType } from '../../../core/data-types.ts';
import { coerceTo, comparisonType, type Expr } from '../../../plan/expr/index.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import type { EquiPair } from './join-condition.ts';
import { sqlName, uniqueName, type Column } from './relation.ts';

/** Where a joined row's column comes from: a field of the left or the right row. */
export interface JoinOutputField {
  readonly side: 'left' | 'right';
  readonly field: string;
  readonly name: string;
}

/**
 * The columns of a join's output, added left side first: names made unique, a padded side's
 * columns nullable, SQL labels and qualifiers kept so `l.x` still resolves above the join. Each join
 * planner (regular and interval, temporal, window) says which columns are padded and which one
 * stays the rowtime.
 *
 * @example
 * const output = new JoinOutputColumns();
 * for (const c of left.columns) output.add('left', c, false, c.name === leftTime);
 * for (const c of right.columns) output.add('right', c, true, false);
 * const type = output.rowType();
 */
export class JoinOutputColumns {
  readonly fields: JoinOutputField[] = [];
  readonly columns: Column[] = [];
  readonly #taken = new Set<string>();

  /** Adds one input column; `nullable` when its side may be padded with NULLs, `rowtime` when it stays the time attribute. */
  add(side: 'left' | 'right', c: Column, nullable: boolean, rowtime: boolean): void {
    const name = uniqueName(c.name, this.#taken);
    const type = nullable && !c.type.nullable ? ({ ...c.type, nullable: true } as DataType) : c.type;
    this.fields.push({ side, field: c.name, name });
    const label = sqlName(c);
    this.columns.push({
      name, type, ...(label === name ? {} : { label }), ...(c.qualifier === undefined ? {} : { qualifier: c.qualifier }),
      ...(rowtime ? { time: 'rowtime' as const } : {}),
    });
  }

  /** The row type of the columns added so far. */
  rowType(): RowType {
    return DataTypes.ROW(this.columns.map((c) => ({ name: c.name, type: c.type })));
  }
}

/**
 * Binds one key equality of a join's ON on its two sides and casts both to a common type, appending
 * them to `keys`; keys that cannot be compared are an error at the equality's position.
 *
 * @example
 * for (const pair of condition.pairs) bindJoinKey(pair, leftScope, rightScope, keys, ctx);
 */
export function bindJoinKey(pair: EquiPair, leftScope: ExprScope, rightScope: ExprScope, keys: { left: Expr[]; right: Expr[] }, ctx: PlanContext): void {
  const l = bindExpr(pair.left, leftScope, ctx);
  const r = bindExpr(pair.right, rightScope, ctx);
  const common = comparisonType(l.type, r.type, false);
  if (common === undefined) throw fail(pair.left.pos, ctx.source, `the join keys cannot be compared: ${typeToString(l.type)} = ${typeToString(r.type)}`);
  keys.left.push(coerceTo(l, common));
  keys.right.push(coerceTo(r, common));
}
