import type { NodeBase } from './node.ts';
import type { Expr, OrderItem, WindowSpec } from './expressions.ts';

/** One option of a hint: `'k' = 'v'` or a plain value (`t1`, `'x'`). */
export type HintOption =
  | { readonly kind: 'HintKeyValue'; readonly key: string; readonly value: string }
  | { readonly kind: 'HintValue'; readonly value: string; readonly quoted: boolean };

/**
 * `/*+ NAME(options) *\/` after SELECT (query hints) or after a table name (table hints such as
 * OPTIONS('k' = 'v')).
 *
 * @example
 * const hint: Hint = { name: 'OPTIONS', options: [{ kind: 'HintKeyValue', key: 'scan.startup.mode', value: 'earliest-offset' }], pos };
 */
export interface Hint extends NodeBase {
  readonly name: string;
  readonly options: readonly HintOption[];
}

/** `[AS] alias [(c1, c2)]` after a table reference. */
export interface TableAlias { readonly name: string; readonly columns?: readonly string[] }

/** A named table or view, with table hints and `FOR SYSTEM_TIME AS OF expr` for temporal joins. */
export interface TableName extends NodeBase {
  readonly kind: 'TableName';
  readonly name: readonly string[];
  readonly hints: readonly Hint[];
  readonly systemTime?: Expr;
  readonly alias?: TableAlias;
}
/** `(SELECT …) [AS] t` or `LATERAL (SELECT …)`. */
export interface SubqueryRef extends NodeBase {
  readonly kind: 'SubqueryRef';
  readonly query: Query;
  readonly lateral: boolean;
  readonly alias?: TableAlias;
}
/** `TABLE(TUMBLE(…))` (window TVFs) and `LATERAL TABLE(f(x))` (user table functions). */
export interface TableFunctionRef extends NodeBase {
  readonly kind: 'TableFunctionRef';
  readonly call: Expr;
  readonly lateral: boolean;
  readonly alias?: TableAlias;
}
/** `UNNEST(arr) [WITH ORDINALITY] [AS t(c)]`. */
export interface UnnestRef extends NodeBase {
  readonly kind: 'UnnestRef';
  readonly args: readonly Expr[];
  readonly withOrdinality: boolean;
  readonly alias?: TableAlias;
}
/** The join types; `COMMA` is `FROM a, b` (a cross join written with a comma). */
export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'COMMA';
/** `left [NATURAL] type JOIN right [ON cond | USING (cols)]`. */
export interface Join extends NodeBase {
  readonly kind: 'Join';
  readonly type: JoinType;
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on?: Expr;
  readonly using?: readonly string[];
}

/**
 * Anything in a FROM clause.
 *
 * @example
 * function tables(t: TableRef): string[] { return t.kind === 'Join' ? [...tables(t.left), ...tables(t.right)] : t.kind === 'TableName' ? [t.name.join('.')] : []; }
 */
export type TableRef = TableName | SubqueryRef | TableFunctionRef | UnnestRef | Join;

/** `*` or `t.*` in a select list. */
export interface SelectStar extends NodeBase { readonly kind: 'SelectStar'; readonly qualifier?: readonly string[] }
/** `expr [AS alias]` in a select list. */
export interface SelectExpr extends NodeBase { readonly kind: 'SelectExpr'; readonly expr: Expr; readonly alias?: string }
/** One item of a select list. */
export type SelectItem = SelectStar | SelectExpr;

/** `GROUPING SETS (…)`. */
export interface GroupingSets extends NodeBase { readonly kind: 'GroupingSets'; readonly sets: readonly GroupingElement[] }
/** `ROLLUP (…)` and `CUBE (…)`. */
export interface RollupCube extends NodeBase { readonly kind: 'Rollup' | 'Cube'; readonly items: readonly Expr[] }
/** `()`: the grand total inside GROUPING SETS. */
export interface EmptyGroup extends NodeBase { readonly kind: 'EmptyGroup' }
/**
 * One element of GROUP BY: an expression (a window function such as TUMBLE(ts, …) included),
 * GROUPING SETS, ROLLUP, CUBE or `()`.
 *
 * @example
 * const isPlain = (g: GroupingElement) => g.kind !== 'GroupingSets' && g.kind !== 'Rollup' && g.kind !== 'Cube' && g.kind !== 'EmptyGroup';
 */
export type GroupingElement = Expr | GroupingSets | RollupCube | EmptyGroup;

/** `WINDOW name AS (spec)`. */
export interface NamedWindow extends NodeBase { readonly name: string; readonly spec: WindowSpec }

/** `SELECT [hints] [DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`. */
export interface Select extends NodeBase {
  readonly kind: 'Select';
  readonly hints: readonly Hint[];
  readonly distinct: boolean;
  readonly items: readonly SelectItem[];
  readonly from?: TableRef;
  readonly where?: Expr;
  readonly groupBy?: readonly GroupingElement[];
  readonly having?: Expr;
  readonly windows: readonly NamedWindow[];
}
/** `left UNION|INTERSECT|EXCEPT [ALL] right` (`DISTINCT` is the default, `MINUS` is EXCEPT). */
export interface SetOperation extends NodeBase {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}
/** `VALUES (a, b), (c, d)`. */
export interface Values extends NodeBase { readonly kind: 'Values'; readonly rows: readonly (readonly Expr[])[] }
/** The body of a query: a SELECT, a set operation, VALUES, or a parenthesised query. */
export type QueryBody = Select | SetOperation | Values | Query;

/** One `name [(cols)] AS (query)` of a WITH clause. */
export interface CommonTableExpr extends NodeBase { readonly name: string; readonly columns?: readonly string[]; readonly query: Query }

/**
 * A complete query: `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET m]`. `FETCH FIRST n ROWS ONLY`
 * is read as `LIMIT n`. A parenthesised query inside a set operation is a nested Query.
 *
 * @example
 * function isSimpleSelect(q: Query) { return q.body.kind === 'Select' && q.orderBy.length === 0; }
 */
export interface Query extends NodeBase {
  readonly kind: 'Query';
  readonly with?: { readonly recursive: boolean; readonly ctes: readonly CommonTableExpr[] };
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
}
