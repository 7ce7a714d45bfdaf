import { DataTypes, typeToString, type DataType } from '../../core/data-types.ts';
import { coerceTo, comparisonType, field, type Expr } from '../../plan/expr/index.ts';
import type { LookupJoinNode } from '../../plan/nodes.ts';
import type { LookupJoinOutputField } from '../../plan/relational-nodes.ts';
import type { Expr as AstExpr } from '../sql/ast/expressions.ts';
import { rowTypeOf, type Column as RelationColumn, type Relation } from '../sql/planner/index.ts';
import { AnalysisException } from './analysis-exception.ts';
import type { Column } from './column.ts';
import { nodeId, type BuildContext } from './frame-planning.ts';

/** Spark's join types this engine runs between a stream and a static DataFrame. */
export type JoinHow = 'inner' | 'left';

/** Spark's spellings of the join types. */
const HOW: Readonly<Record<string, JoinHow | 'unsupported'>> = {
  inner: 'inner', left: 'left', leftouter: 'left', left_outer: 'left',
  right: 'unsupported', rightouter: 'unsupported', right_outer: 'unsupported', outer: 'unsupported', full: 'unsupported',
  fullouter: 'unsupported', full_outer: 'unsupported', cross: 'unsupported', semi: 'unsupported', leftsemi: 'unsupported',
  left_semi: 'unsupported', anti: 'unsupported', leftanti: 'unsupported', left_anti: 'unsupported',
};

/**
 * A join type as Spark names it, checked: inner and left outer work with the stream (or the larger
 * input) on the left and a static DataFrame on the right.
 *
 * @example
 * joinHow('left_outer') // 'left'
 */
export function joinHow(how: string): JoinHow {
  const kind = HOW[how.toLowerCase()];
  if (kind === undefined) throw new AnalysisException(`join: unknown join type '${how}' (use inner, left, left_outer …)`);
  if (kind === 'unsupported') {
    throw new AnalysisException(`join: '${how}' joins are not supported yet; a stream joins a static DataFrame with 'inner' or 'left_outer'`);
  }
  return kind;
}

/**
 * A stream-stream join type: inner, left outer or right outer (an outer row comes out null-padded once
 * the watermark shows nothing can match it).
 *
 * @example
 * streamJoinHow('right_outer') // 'right'
 */
export function streamJoinHow(how: string): 'inner' | 'left' | 'right' {
  const h = how.toLowerCase().replace(/_/g, '');
  if (h === 'inner') return 'inner';
  if (h === 'left' || h === 'leftouter') return 'left';
  if (h === 'right' || h === 'rightouter') return 'right';
  throw new AnalysisException(`join: '${how}' is not supported between two streams; use inner, left_outer or right_outer`);
}

/** The equi-join keys: pairs of a left and a right column name. */
export interface JoinKeys {
  readonly pairs: readonly { readonly left: string; readonly right: string }[];
  /** True for `join(other, 'k')` / `['k']`: the key columns appear once in the output (SQL's USING). */
  readonly using: boolean;
}

/**
 * The keys of `on`: column names both sides have (USING), or a Column that is a conjunction of
 * `col(a).eq(col(b))` with `a` on the left and `b` on the right.
 *
 * @example
 * joinKeys('symbol', left, right) // { pairs: [{ left: 'symbol', right: 'symbol' }], using: true }
 */
export function joinKeys(on: string | readonly string[] | Column, left: readonly string[], right: readonly string[]): JoinKeys {
  if (typeof on === 'string' || Array.isArray(on)) {
    const names = typeof on === 'string' ? [on] : [...(on as readonly string[])];
    if (names.length === 0) throw new AnalysisException('join: give at least one key column');
    for (const n of names) {
      if (!left.includes(n) || !right.includes(n)) {
        throw new AnalysisException(`join: USING column '${n}' must be on both sides (left: ${left.join(', ')}; right: ${right.join(', ')})`);
      }
    }
    return { pairs: names.map((n) => ({ left: n, right: n })), using: true };
  }
  const pairs: { left: string; right: string }[] = [];
  for (const e of conjuncts((on as Column).expr)) {
    if (e.kind === 'Binary' && e.op === '=' && e.left.kind === 'Identifier' && e.right.kind === 'Identifier') {
      const a = e.left.parts.at(-1)!;
      const b = e.right.parts.at(-1)!;
      if (left.includes(a) && right.includes(b) && !(right.includes(a) && left.includes(b) && a !== b)) pairs.push({ left: a, right: b });
      else if (left.includes(b) && right.includes(a)) pairs.push({ left: b, right: a });
      else throw new AnalysisException(`join: cannot tell which side '${a}' and '${b}' belong to (left: ${left.join(', ')}; right: ${right.join(', ')}); rename one side first`);
      continue;
    }
    throw new AnalysisException("join: the condition must be equalities of a left and a right column joined with and(): col('a').eq(col('b'))");
  }
  return { pairs, using: false };
}

/**
 * The parts of a condition joined with AND, in order.
 *
 * @example
 * conjuncts(expr('a = b AND c > d').expr).length // 2
 */
export function conjuncts(e: AstExpr): AstExpr[] {
  return e.kind === 'Binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/**
 * The lookup-join relation of a stream (or bounded) `input` and a static table loaded by `loadTable`:
 * keys cast to a common type, output columns as Spark orders them (USING keys first, then the left's
 * other columns, then the right's), the stream's time attributes kept.
 *
 * @example
 * const relation = lookupJoinRelation(stream, table, keys, 'left', () => dataFrameSession.collect(staticDf), build);
 */
export function lookupJoinRelation(
  input: Relation, table: Relation, keys: JoinKeys, how: JoinHow, loadTable: () => Promise<readonly Record<string, unknown>[]>, build: BuildContext,
): Relation {
  const inputType = rowTypeOf(input);
  const tableType = rowTypeOf(table);
  const inputKeys: Expr[] = [];
  const tableKeys: Expr[] = [];
  for (const { left, right } of keys.pairs) {
    const l = field(inputType, left);
    const r = field(tableType, right);
    const common = comparisonType(l.type, r.type, false);
    if (common === undefined) throw new AnalysisException(`join: key '${left}' is ${typeToString(l.type)} and '${right}' is ${typeToString(r.type)}; they cannot be compared`);
    inputKeys.push(coerceTo(l, common));
    tableKeys.push(coerceTo(r, common));
  }
  const usingKeys = keys.using ? keys.pairs.map((p) => p.left) : [];
  const fields: LookupJoinOutputField[] = [];
  const columns: RelationColumn[] = [];
  const types: { name: string; type: DataType }[] = [];
  const add = (side: 'input' | 'table', c: RelationColumn, nullable: boolean): void => {
    if (types.some((t) => t.name === c.name)) {
      throw new AnalysisException(`join: both sides have a column '${c.name}'; rename one (withColumnRenamed) or join on it by name`);
    }
    const type = nullable && !c.type.nullable ? { ...c.type, nullable: true } as DataType : c.type;
    fields.push({ side, field: c.name, name: c.name });
    types.push({ name: c.name, type });
    columns.push({ name: c.name, type, ...(side === 'input' && c.time !== undefined ? { time: c.time } : {}) });
  };
  const visible = (r: Relation) => r.columns.filter((c) => c.windowBound === undefined);
  for (const k of usingKeys) add('input', visible(input).find((c) => c.name === k)!, false);
  for (const c of visible(input)) if (!usingKeys.includes(c.name)) add('input', c, false);
  for (const c of visible(table)) if (!usingKeys.includes(c.name)) add('table', c, how === 'left');
  const outputType = DataTypes.ROW(types);
  const id = nodeId(build, 'lookup-join');
  const node: LookupJoinNode = Object.freeze({
    kind: 'lookup-join', id, input: input.node, inputType, tableType, loadTable,
    inputKeys: Object.freeze(inputKeys), tableKeys: Object.freeze(tableKeys), joinType: how,
    outputFields: Object.freeze(fields), outputType,
  });
  return { node, columns, updating: false, bounded: input.bounded };
}
