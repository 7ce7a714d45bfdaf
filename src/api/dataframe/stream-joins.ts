import { DataTypes, typeToString, type DataType } from '../../core/data-types.ts';
import { coerceTo, comparisonType, field, intervalLiteral, type Expr } from '../../plan/expr/index.ts';
import type { IntervalJoinNode } from '../../plan/nodes.ts';
import type { Expr as AstExpr } from '../sql/ast/expressions.ts';
import { rowTypeOf, type Column as RelationColumn, type Relation } from '../sql/planner/index.ts';
import { AnalysisException } from './analysis-exception.ts';
import { nodeId, type BuildContext } from './frame-planning.ts';
import { conjuncts } from './joins.ts';

/** A stream-stream join's condition taken apart: equi-keys and the right time's range around the left's. */
export interface IntervalCondition {
  readonly pairs: readonly { readonly left: string; readonly right: string }[];
  readonly leftTime: string;
  readonly rightTime: string;
  /** right time − left time ∈ [lowerMs, upperMs]. */
  readonly lowerMs: number;
  readonly upperMs: number;
}

/**
 * Reads Spark's stream-stream join condition: equalities of a left and a right column, and bounds on
 * one right time column against one left time column (`rt >= lt`, `rt <= lt + interval 1 hour`,
 * `rt BETWEEN lt - interval 5 minutes AND lt + interval 5 minutes`, either side first).
 *
 * @example
 * intervalCondition(expr('adId = clickAdId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 1 hour').expr, left, right)
 */
export function intervalCondition(condition: AstExpr, left: readonly string[], right: readonly string[]): IntervalCondition {
  const pairs: { left: string; right: string }[] = [];
  let times: { left: string; right: string } | undefined;
  let lower = Number.NEGATIVE_INFINITY;
  let upper = Number.POSITIVE_INFINITY;
  const side = (name: string): 'left' | 'right' => {
    const l = left.includes(name);
    const r = right.includes(name);
    if (l === r) throw new AnalysisException(`join: column '${name}' is ${l ? 'on both sides' : 'on neither side'} (left: ${left.join(', ')}; right: ${right.join(', ')}); rename one side first`);
    return l ? 'left' : 'right';
  };
  /** `col` or `col ± interval`: the column and the offset in ms. */
  const timeTerm = (e: AstExpr): { column: string; offset: number } | undefined => {
    if (e.kind === 'Identifier') return { column: e.parts[e.parts.length - 1], offset: 0 };
    if (e.kind === 'Binary' && (e.op === '+' || e.op === '-') && e.left.kind === 'Identifier' && e.right.kind === 'IntervalLiteral') {
      const ms = intervalLiteral(e.right.value, e.right.qualifier, e.right.negative).value as number;
      return { column: e.left.parts[e.left.parts.length - 1], offset: e.op === '+' ? ms : -ms };
    }
    return undefined;
  };
  /** Records `a op b` where one is a left time term and the other a right one. */
  const bound = (a: AstExpr, op: string, b: AstExpr): boolean => {
    const x = timeTerm(a);
    const y = timeTerm(b);
    if (x === undefined || y === undefined) return false;
    const [l, r, flipped] = side(x.column) === 'left' ? [x, y, false] : [y, x, true];
    if (side(r.column) !== 'right' || side(l.column) !== 'left') return false;
    if (times !== undefined && (times.left !== l.column || times.right !== r.column)) {
      throw new AnalysisException(`join: the time range must relate one left and one right time column (${times.left}, ${times.right})`);
    }
    times = { left: l.column, right: r.column };
    // In terms of d = right − left: (r.col + r.off) op (l.col + l.off) ⇔ d op (l.off − r.off), op mirrored when the right is first.
    const k = l.offset - r.offset;
    const o = flipped ? op : mirror(op);
    if (o === '>=') lower = Math.max(lower, k);
    else if (o === '>') lower = Math.max(lower, k + 1);
    else if (o === '<=') upper = Math.min(upper, k);
    else if (o === '<') upper = Math.min(upper, k - 1);
    else return false;
    return true;
  };
  for (const e of conjuncts(condition)) {
    if (e.kind === 'Binary' && e.op === '=' && e.left.kind === 'Identifier' && e.right.kind === 'Identifier') {
      const a = e.left.parts[e.left.parts.length - 1];
      const b = e.right.parts[e.right.parts.length - 1];
      pairs.push(side(a) === 'left' ? { left: a, right: b } : { left: b, right: a });
      continue;
    }
    if (e.kind === 'Binary' && ['<', '<=', '>', '>='].includes(e.op) && bound(e.left, e.op, e.right)) continue;
    if (e.kind === 'Between' && !e.negated && !e.symmetric && bound(e.operand, '>=', e.low) && bound(e.operand, '<=', e.high)) continue;
    throw new AnalysisException('join: a stream-stream join condition takes equalities of a left and a right column and a time range between one time column of each side, joined with AND');
  }
  if (pairs.length === 0) throw new AnalysisException('join: a stream-stream join needs at least one equality between a left and a right column');
  if (times === undefined || !Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new AnalysisException(
      'join: a stream-stream join needs a time range with both bounds so its state can be dropped, e.g. ' +
      "expr('rightTime >= leftTime AND rightTime <= leftTime + interval 1 hour')",
    );
  }
  if (lower > upper) throw new AnalysisException(`join: the time range is empty (right − left between ${lower} and ${upper} ms)`);
  return { pairs, leftTime: times.left, rightTime: times.right, lowerMs: lower, upperMs: upper };
}

function mirror(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

/**
 * The interval-join relation of two streams: both time columns must carry a watermark (withWatermark),
 * so the engine knows when a row can no longer match and drops it (emitting it null-padded in an
 * outer join). Output columns: the left's, then the right's.
 *
 * @example
 * const relation = intervalJoinRelation(impressions, clicks, condition, 'inner', build);
 */
export function intervalJoinRelation(left: Relation, right: Relation, c: IntervalCondition, how: 'inner' | 'left' | 'right', build: BuildContext): Relation {
  for (const [rel, name, which] of [[left, c.leftTime, 'left'], [right, c.rightTime, 'right']] as const) {
    if (rel.columns.find((col) => col.name === name)?.time !== 'rowtime') {
      throw new AnalysisException(`join: the ${which} time column '${name}' needs a watermark: call withWatermark('${name}', '<delay>') on the ${which} stream`);
    }
  }
  const leftType = rowTypeOf(left);
  const rightType = rowTypeOf(right);
  const leftKeys: Expr[] = [];
  const rightKeys: Expr[] = [];
  for (const p of c.pairs) {
    const l = field(leftType, p.left);
    const r = field(rightType, p.right);
    const common = comparisonType(l.type, r.type, false);
    if (common === undefined) throw new AnalysisException(`join: key '${p.left}' is ${typeToString(l.type)} and '${p.right}' is ${typeToString(r.type)}; they cannot be compared`);
    leftKeys.push(coerceTo(l, common));
    rightKeys.push(coerceTo(r, common));
  }
  const fields: { side: 'left' | 'right'; field: string; name: string }[] = [];
  const types: { name: string; type: DataType }[] = [];
  const columns: RelationColumn[] = [];
  // Joined rows carry the left row's time: the left time column stays the event time (not in a right
  // outer join, whose padded rows have no left time).
  const rowtime = how === 'right' ? undefined : c.leftTime;
  const add = (sideName: 'left' | 'right', col: RelationColumn, nullable: boolean): void => {
    if (types.some((t) => t.name === col.name)) throw new AnalysisException(`join: both sides have a column '${col.name}'; rename one (withColumnRenamed)`);
    const type = nullable && !col.type.nullable ? ({ ...col.type, nullable: true } as DataType) : col.type;
    fields.push({ side: sideName, field: col.name, name: col.name });
    types.push({ name: col.name, type });
    columns.push({ name: col.name, type, ...(sideName === 'left' && col.name === rowtime ? { time: 'rowtime' as const } : {}) });
  };
  for (const col of left.columns) if (col.windowBound === undefined) add('left', col, how === 'right');
  for (const col of right.columns) if (col.windowBound === undefined) add('right', col, how === 'left');
  const id = nodeId(build, 'interval-join');
  const node: IntervalJoinNode = Object.freeze({
    kind: 'interval-join', id, left: left.node, right: right.node, leftType, rightType,
    leftKeys: Object.freeze(leftKeys), rightKeys: Object.freeze(rightKeys),
    leftTime: c.leftTime, rightTime: c.rightTime, lowerMs: c.lowerMs, upperMs: c.upperMs, joinType: how,
    outputFields: Object.freeze(fields), outputType: DataTypes.ROW(types),
  });
  return { node, columns, updating: false, bounded: left.bounded && right.bounded };
}
