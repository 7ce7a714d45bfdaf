import type { AggregateFunctionName } from '../../../plan/relational-nodes.ts';
import type { Expr as AstExpr, FunctionCall } from '../ast/expressions.ts';

/** SQL aggregate names (and aliases) → the plan's aggregate functions. */
const AGGREGATES: Readonly<Record<string, AggregateFunctionName>> = {
  COUNT: 'COUNT', SUM: 'SUM', SUM0: 'SUM0', $SUM0: 'SUM0', AVG: 'AVG', MIN: 'MIN', MAX: 'MAX',
  FIRST_VALUE: 'FIRST_VALUE', LAST_VALUE: 'LAST_VALUE', LISTAGG: 'LISTAGG',
  STDDEV_POP: 'STDDEV_POP', STDDEV_SAMP: 'STDDEV_SAMP', STDDEV: 'STDDEV_SAMP',
  VAR_POP: 'VAR_POP', VAR_SAMP: 'VAR_SAMP', VARIANCE: 'VAR_SAMP',
};

/** The legacy group-window functions of GROUP BY. */
export type GroupWindowName = 'TUMBLE' | 'HOP' | 'SESSION';
/** Which bound a group-window auxiliary function (`TUMBLE_START` …) reads. */
export type WindowProperty = 'START' | 'END' | 'ROWTIME' | 'PROCTIME';

/**
 * The window TVFs of FROM TABLE(…).
 *
 * @example
 * WINDOW_TVFS.has('HOP') // true
 */
export const WINDOW_TVFS = new Set(['TUMBLE', 'HOP', 'CUMULATE', 'SESSION']);

/**
 * The function name a call uses, upper-cased (qualified names keep only their last part).
 *
 * @example
 * functionName(parseExpression('sys.tumble_start(ts, INTERVAL \'1\' HOUR)') as FunctionCall) // 'TUMBLE_START'
 */
export function functionName(call: FunctionCall): string {
  return call.name[call.name.length - 1].toUpperCase();
}

/**
 * The aggregate function an AST call is, or undefined (OVER calls are window functions, not
 * aggregates of a GROUP BY).
 *
 * @example
 * aggregateOf(parseExpression('count(*)')) // 'COUNT'
 */
export function aggregateOf(e: AstExpr): AggregateFunctionName | undefined {
  if (e.kind !== 'FunctionCall' || e.over !== undefined) return undefined;
  return AGGREGATES[functionName(e)];
}

/**
 * The aggregate function an OVER call computes (`SUM(x) OVER w`), or undefined (not an OVER call, or
 * a window function such as ROW_NUMBER).
 *
 * @example
 * overAggregateOf(parseExpression('SUM(price) OVER w')) // 'SUM'
 */
export function overAggregateOf(e: AstExpr): AggregateFunctionName | undefined {
  if (e.kind !== 'FunctionCall' || e.over === undefined) return undefined;
  return AGGREGATES[functionName(e)];
}

/**
 * The names of every aggregate, for "did you mean" hints.
 *
 * @example
 * aggregateNames().includes('LISTAGG') // true
 */
export function aggregateNames(): string[] {
  return Object.keys(AGGREGATES).filter((n) => !n.startsWith('$'));
}

/**
 * `TUMBLE(ts, INTERVAL …)` in a GROUP BY.
 *
 * @example
 * groupWindowOf(parseExpression("TUMBLE(ts, INTERVAL '1' HOUR)")) // 'TUMBLE'
 */
export function groupWindowOf(e: AstExpr): GroupWindowName | undefined {
  if (e.kind !== 'FunctionCall') return undefined;
  const name = functionName(e);
  return name === 'TUMBLE' || name === 'HOP' || name === 'SESSION' ? name : undefined;
}

/**
 * `TUMBLE_START(ts, INTERVAL …)` and friends: the window and the bound.
 *
 * @example
 * windowPropertyOf(parseExpression("HOP_END(ts, INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)")) // { window: 'HOP', property: 'END' }
 */
export function windowPropertyOf(e: AstExpr): { window: GroupWindowName; property: WindowProperty } | undefined {
  if (e.kind !== 'FunctionCall') return undefined;
  const m = /^(TUMBLE|HOP|SESSION)_(START|END|ROWTIME|PROCTIME)$/.exec(functionName(e));
  return m === null ? undefined : { window: m[1] as GroupWindowName, property: m[2] as WindowProperty };
}

/**
 * Calls `visit` on every node of an AST expression, outside subqueries; `visit` returning false
 * skips the node's children.
 *
 * @example
 * walkAst(whereClause, (e) => { if (e.kind === 'Identifier') names.push(e.parts.join('.')); });
 */
export function walkAst(e: AstExpr, visit: (e: AstExpr) => boolean | void): void {
  if (visit(e) === false) return;
  for (const child of astChildren(e)) walkAst(child, visit);
}

/**
 * The direct sub-expressions of an AST expression (not those inside subqueries).
 *
 * @example
 * astChildren(parseExpression('a + b')).length // 2
 */
export function astChildren(e: AstExpr): AstExpr[] {
  switch (e.kind) {
    case 'FieldAccess': return [e.target];
    case 'ItemAccess': return [e.target, e.index];
    case 'Unary': return [e.operand];
    case 'Binary': case 'IsDistinctFrom': return [e.left, e.right];
    case 'Is': return [e.operand];
    case 'Between': return [e.operand, e.low, e.high];
    case 'InList': return [e.operand, ...e.list];
    case 'InSubquery': return [e.operand];
    case 'Like': return e.escape === undefined ? [e.operand, e.pattern] : [e.operand, e.pattern, e.escape];
    case 'Case': return [...(e.operand === undefined ? [] : [e.operand]), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else === undefined ? [] : [e.else])];
    case 'Cast': return [e.operand];
    case 'FunctionCall': return [...e.args, ...(e.filter === undefined ? [] : [e.filter])];
    case 'Extract': return [e.source];
    case 'FloorCeil': return [e.operand];
    case 'Position': return [e.needle, e.haystack];
    case 'Trim': return e.chars === undefined ? [e.source] : [e.chars, e.source];
    case 'Substring': return e.length === undefined ? [e.source, e.start] : [e.source, e.start, e.length];
    case 'Overlay': return [e.source, e.replacement, e.start, ...(e.length === undefined ? [] : [e.length])];
    case 'TimestampAdd': return [e.count, e.timestamp];
    case 'TimestampDiff': return [e.start, e.end];
    case 'JsonValue': return [e.json, e.path, ...[e.onEmpty, e.onError].flatMap((b) => (b?.type === 'DEFAULT' ? [b.value] : []))];
    case 'JsonQuery': return [e.json, e.path];
    case 'RowConstructor': return [...e.fields];
    case 'ArrayConstructor': return [...e.elements];
    case 'MapConstructor': return e.entries.flatMap((m) => [m.key, m.value]);
    case 'NamedArgument': return [e.value];
    case 'TableArgument': return [...e.partitionBy];
    default: return [];
  }
}
