import type { DataType } from '../../core/data-types.ts';

/**
 * The typed expression tree shared by the SQL and DataFrame APIs: what a binder produces from the SQL
 * AST (src/api/sql/ast/expressions.ts) and what the compiler in src/operators/expr/ turns into a
 * JavaScript function. Nodes are frozen, kind-tagged and carry their resolved {@link DataType}; build
 * them with the checked constructors in `build.ts` and `literals.ts`, which insert implicit casts.
 *
 * How the SQL AST maps here (the binder's job):
 * - literals → `literal` (see literals.ts for numeric/interval/date text); identifiers → `field` or
 *   `field-access`; `m['k']`, `arr[1]` → `item`
 * - arithmetic, comparison and `||` operators → `call` named by the operator ('+', '=', '||' …); unary
 *   minus → `call('-', [x])`; unary plus → the operand itself
 * - AND / OR / NOT / IS … / IS [NOT] DISTINCT FROM / [NOT] IN (list) / BETWEEN / LIKE / SIMILAR TO → their nodes
 * - CASE: searched → `case`; simple CASE desugars to searched (`operand = value` per arm)
 * - CAST / TRY_CAST → `cast`; function calls and niladic calls (CURRENT_TIMESTAMP) → `call`
 * - special forms → `call` with a time-unit literal (see `timeUnit`): EXTRACT(u FROM x) → EXTRACT(u, x);
 *   FLOOR/CEIL(x TO u) → FLOOR/CEIL(x, u); TIMESTAMPADD(u, n, t); TIMESTAMPDIFF(u, a, b);
 *   POSITION(a IN b) → POSITION(a, b); TRIM(BOTH|LEADING|TRAILING c FROM s) → TRIM|LTRIM|RTRIM(s, c);
 *   SUBSTRING(s FROM a FOR b) → SUBSTRING(s, a, b); OVERLAY(s PLACING r FROM a FOR b) → OVERLAY(s, r, a, b);
 *   ROW(…), ARRAY[…], MAP[…] → calls ROW, ARRAY, MAP
 * - subqueries, EXISTS, aggregates, OVER and table arguments belong to the planner, not here.
 *
 * @example
 * const e: Expr = and(call('>', [call('*', [field(t, 'price'), field(t, 'shares')]), numericLiteral('10000')]),
 *                     call('=', [field(t, 'symbol'), stringLiteral('AAPL')]));
 */
export type Expr =
  | LiteralExpr | FieldExpr | FieldAccessExpr | ItemExpr | CallExpr | CastExpr | CaseExpr
  | AndExpr | OrExpr | NotExpr | IsExpr | IsDistinctFromExpr | InExpr | BetweenExpr | LikeExpr;
export type ExprKind = Expr['kind'];

interface ExprBase {
  /** The resolved type; `nullable: false` promises the value is never null. */
  readonly type: DataType;
}

/** A constant, in the runtime representation of its type (see data-types.ts). */
export interface LiteralExpr extends ExprBase { readonly kind: 'literal'; readonly value: unknown }
/** A field of the input row, by name (`row[name]`). */
export interface FieldExpr extends ExprBase { readonly kind: 'field'; readonly name: string }
/** `target.field` on a ROW value. */
export interface FieldAccessExpr extends ExprBase { readonly kind: 'field-access'; readonly target: Expr; readonly field: string }
/** `arr[i]` (1-based, null when out of range) or `map[key]` (null when absent). */
export interface ItemExpr extends ExprBase { readonly kind: 'item'; readonly target: Expr; readonly index: Expr }
/**
 * A built-in function or operator by canonical name (see function-catalog.ts), or a user function
 * when `udf` is set (called with non-null arguments; any null argument gives null).
 */
export interface CallExpr extends ExprBase {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly Expr[];
  readonly udf?: ScalarUdf;
}
/** A user-defined scalar function. */
export interface ScalarUdf {
  readonly fn: (...args: any[]) => unknown;
  /** False for functions whose result changes between calls with the same arguments. */
  readonly deterministic: boolean;
}
/** CAST (failure is an error) or TRY_CAST (failure gives null). */
export interface CastExpr extends ExprBase { readonly kind: 'cast'; readonly operand: Expr; readonly try: boolean }
/** One `WHEN condition THEN result` arm. */
export interface CaseBranch { readonly when: Expr; readonly then: Expr }
/** Searched CASE; `else` is a typed NULL literal when the SQL had none. */
export interface CaseExpr extends ExprBase { readonly kind: 'case'; readonly branches: readonly CaseBranch[]; readonly else: Expr }
/** Three-valued AND of two or more operands: FALSE wins over NULL. */
export interface AndExpr extends ExprBase { readonly kind: 'and'; readonly operands: readonly Expr[] }
/** Three-valued OR of two or more operands: TRUE wins over NULL. */
export interface OrExpr extends ExprBase { readonly kind: 'or'; readonly operands: readonly Expr[] }
/** NOT (NULL stays NULL). */
export interface NotExpr extends ExprBase { readonly kind: 'not'; readonly operand: Expr }
/** `x IS [NOT] NULL | TRUE | FALSE` (IS UNKNOWN is IS NULL); never null. */
export interface IsExpr extends ExprBase {
  readonly kind: 'is';
  readonly operand: Expr;
  readonly test: 'null' | 'true' | 'false';
  readonly negated: boolean;
}
/** `a IS [NOT] DISTINCT FROM b`: equality where NULL equals NULL; never null. */
export interface IsDistinctFromExpr extends ExprBase {
  readonly kind: 'is-distinct-from';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}
/** `x [NOT] IN (a, b, …)` with SQL's null rules (no match and a NULL in the list → NULL). */
export interface InExpr extends ExprBase { readonly kind: 'in'; readonly operand: Expr; readonly list: readonly Expr[]; readonly negated: boolean }
/** `x [NOT] BETWEEN [SYMMETRIC] low AND high` (`x` is evaluated once). */
export interface BetweenExpr extends ExprBase {
  readonly kind: 'between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
}
/** `x [NOT] LIKE pattern [ESCAPE e]`, or SIMILAR TO when `similar`. */
export interface LikeExpr extends ExprBase {
  readonly kind: 'like';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
  readonly similar: boolean;
}

/**
 * The direct children of a node, in evaluation order.
 *
 * @example
 * childrenOf(e).forEach(visit)
 */
export function childrenOf(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'literal': case 'field': return [];
    case 'field-access': case 'cast': case 'not': case 'is': return [e.kind === 'field-access' ? e.target : e.operand];
    case 'item': return [e.target, e.index];
    case 'call': return e.args;
    case 'case': return [...e.branches.flatMap((b) => [b.when, b.then]), e.else];
    case 'and': case 'or': return e.operands;
    case 'is-distinct-from': return [e.left, e.right];
    case 'in': return [e.operand, ...e.list];
    case 'between': return [e.operand, e.low, e.high];
    case 'like': return e.escape === undefined ? [e.operand, e.pattern] : [e.operand, e.pattern, e.escape];
  }
}

/**
 * The input fields an expression reads, each once, in first-use order.
 *
 * @example
 * referencedFields(e) // ['price', 'shares', 'symbol']
 */
export function referencedFields(e: Expr): string[] {
  const names = new Set<string>();
  const walk = (x: Expr): void => {
    if (x.kind === 'field') names.add(x.name);
    for (const c of childrenOf(x)) walk(c);
  };
  walk(e);
  return [...names];
}
