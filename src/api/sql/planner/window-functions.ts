import type { Expr as AstExpr, FunctionCall, WindowSpec } from '../ast/expressions.ts';
import type { Select } from '../ast/queries.ts';
import type { PlanContext } from './context.ts';
import { fail } from './errors.ts';
import { functionName, walkAst } from './function-kinds.ts';

/** A call with OVER in a select list, its window resolved (a WINDOW clause name, or a spec extending one). */
export interface WindowCall {
  readonly call: FunctionCall;
  readonly spec: WindowSpec;
}

/**
 * The OVER calls of a select list, each with its window: `OVER w` and `OVER (w …)` read the query's
 * WINDOW clause (an unknown name is an error at its position). Calls nested inside another OVER
 * call's arguments are refused.
 *
 * @example
 * windowCallsOf(select, ctx) // [{ call: <ROW_NUMBER()>, spec: <(PARTITION BY auction ORDER BY price DESC)> }]
 */
export function windowCallsOf(select: Select, ctx: PlanContext): WindowCall[] {
  const calls: WindowCall[] = [];
  for (const item of select.items) {
    if (item.kind !== 'SelectExpr') continue;
    walkAst(item.expr, (e) => {
      if (e.kind !== 'FunctionCall' || e.over === undefined) return true;
      for (const arg of e.args) {
        walkAst(arg, (inner) => {
          if (inner.kind === 'FunctionCall' && inner.over !== undefined) throw fail(inner.pos, ctx.source, 'OVER calls cannot be nested in the arguments of another OVER call');
        });
      }
      calls.push({ call: e, spec: resolveWindow(e, select, ctx) });
      return false;
    });
  }
  for (const named of select.windows) {
    if (named.spec.base !== undefined) throw fail(named.pos, ctx.source, `window '${named.name}' extends another window ('${named.spec.base}'), which is not supported`);
  }
  return calls;
}

/**
 * Whether an expression holds an OVER call.
 *
 * @example
 * hasWindowCall(parseExpression('SUM(x) OVER w + 1')) // true
 */
export function hasWindowCall(e: AstExpr): boolean {
  let found = false;
  walkAst(e, (n) => {
    if (n.kind === 'FunctionCall' && n.over !== undefined) found = true;
    return !found;
  });
  return found;
}

/**
 * Whether a call is `ROW_NUMBER()` (with or without OVER).
 *
 * @example
 * isRowNumber(parseExpression('ROW_NUMBER() OVER (ORDER BY ts)')) // true
 */
export function isRowNumber(e: AstExpr): e is FunctionCall {
  return e.kind === 'FunctionCall' && functionName(e) === 'ROW_NUMBER';
}

function resolveWindow(call: FunctionCall, select: Select, ctx: PlanContext): WindowSpec {
  const over = call.over!;
  const name = over.kind === 'WindowName' ? over.name : over.base;
  if (name === undefined) return over as WindowSpec;
  const named = select.windows.find((w) => w.name.toLowerCase() === name.toLowerCase());
  if (named === undefined) {
    const known = select.windows.map((w) => w.name);
    throw fail(over.pos, ctx.source, `no window '${name}' in the WINDOW clause${known.length === 0 ? '' : ` (it defines ${known.join(', ')})`}`);
  }
  if (over.kind === 'WindowName') return named.spec;
  // OVER (w ORDER BY …): the named window's partitioning, this spec's order and frame where it has them.
  if (over.partitionBy.length > 0) throw fail(over.pos, ctx.source, `OVER (${name} PARTITION BY …) cannot re-partition a named window`);
  return {
    ...named.spec,
    orderBy: over.orderBy.length > 0 ? over.orderBy : named.spec.orderBy,
    ...(over.frame !== undefined ? { frame: over.frame } : {}),
  };
}
