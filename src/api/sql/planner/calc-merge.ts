import { and, childrenOf, lookupFunction, type Expr } from '../../../plan/expr/index.ts';
import type { CalcNode } from '../../../plan/nodes.ts';
import type { NamedExpr } from '../../../plan/relational-nodes.ts';

/** A calc about to be put on top of another: its projections (absent = all columns) and condition. */
export interface CalcParts {
  readonly projections?: readonly NamedExpr[];
  readonly condition?: Expr;
}

/**
 * Fuses a calc into the calc below it (Flink's CalcMergeRule): the upper calc's references to the
 * lower one's columns are replaced by the expressions computing them, the conditions are ANDed
 * (lower first). Returns undefined when fusing would evaluate an expression more often than the
 * query says — a non-trivial lower column read twice, or a non-deterministic one (RAND, PROCTIME,
 * a non-deterministic function) read at all.
 *
 * @example
 * mergeCalc(lowerCalc, { projections: [{ name: 'x', expr: field(t, 'a') }] }) // one calc reading lower's input
 */
export function mergeCalc(lower: CalcNode, upper: CalcParts): CalcParts | undefined {
  const computed = new Map<string, Expr>();
  for (const p of lower.projections ?? []) computed.set(p.name, p.expr);
  const uses = new Map<string, number>();
  const count = (e: Expr): void => {
    if (e.kind === 'field') uses.set(e.name, (uses.get(e.name) ?? 0) + 1);
    for (const c of childrenOf(e)) count(c);
  };
  for (const p of upper.projections ?? []) count(p.expr);
  if (upper.condition !== undefined) count(upper.condition);
  if (upper.projections === undefined) for (const name of computed.keys()) uses.set(name, (uses.get(name) ?? 0) + 1);
  for (const [name, n] of uses) {
    const expr = computed.get(name);
    if (expr === undefined || expr.kind === 'field' || expr.kind === 'literal') continue;
    if (n > 1 || !deterministic(expr)) return undefined;
  }
  const inline = (e: Expr): Expr => (computed.size === 0 ? e : substitute(e, computed));
  const projections = upper.projections === undefined
    ? lower.projections
    : upper.projections.map((p) => Object.freeze({ name: p.name, expr: inline(p.expr) }));
  const upperCondition = upper.condition === undefined ? undefined : inline(upper.condition);
  const condition = lower.condition === undefined ? upperCondition : upperCondition === undefined ? lower.condition : and(lower.condition, upperCondition);
  return { ...(projections === undefined ? {} : { projections }), ...(condition === undefined ? {} : { condition }) };
}

function deterministic(e: Expr): boolean {
  if (e.kind === 'call') {
    if (e.udf !== undefined ? !e.udf.deterministic : lookupFunction(e.name)?.deterministic === false) return false;
  }
  return childrenOf(e).every(deterministic);
}

/** `e` with every field reference named in `by` replaced by its expression (types are unchanged). */
function substitute(e: Expr, by: ReadonlyMap<string, Expr>): Expr {
  const s = (x: Expr): Expr => substitute(x, by);
  switch (e.kind) {
    case 'literal': return e;
    case 'field': return by.get(e.name) ?? e;
    case 'field-access': return Object.freeze({ ...e, target: s(e.target) });
    case 'item': return Object.freeze({ ...e, target: s(e.target), index: s(e.index) });
    case 'call': return Object.freeze({ ...e, args: Object.freeze(e.args.map(s)) });
    case 'cast': case 'not': case 'is': return Object.freeze({ ...e, operand: s(e.operand) });
    case 'case': return Object.freeze({ ...e, branches: Object.freeze(e.branches.map((b) => Object.freeze({ when: s(b.when), then: s(b.then) }))), else: s(e.else) });
    case 'and': case 'or': return Object.freeze({ ...e, operands: Object.freeze(e.operands.map(s)) });
    case 'is-distinct-from': return Object.freeze({ ...e, left: s(e.left), right: s(e.right) });
    case 'in': return Object.freeze({ ...e, operand: s(e.operand), list: Object.freeze(e.list.map(s)) });
    case 'between': return Object.freeze({ ...e, operand: s(e.operand), low: s(e.low), high: s(e.high) });
    case 'like': return Object.freeze({ ...e, operand: s(e.operand), pattern: s(e.pattern), ...(e.escape === undefined ? {} : { escape: s(e.escape) }) });
  }
}
