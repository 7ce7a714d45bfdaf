import type { NodeBase } from './node.ts';
import type { Query } from './queries.ts';
import type { DataType, IntervalQualifier } from './types.ts';

/** A number as written (`42`, `0.908`, `1.5e3`); the text keeps exact decimals for the binder. */
export interface NumericLiteral extends NodeBase { readonly kind: 'NumericLiteral'; readonly text: string }
/** `'text'` with `''` escapes already resolved. */
export interface StringLiteral extends NodeBase { readonly kind: 'StringLiteral'; readonly value: string }
/** TRUE, FALSE, or UNKNOWN (`value: null`, the boolean-typed null). */
export interface BooleanLiteral extends NodeBase { readonly kind: 'BooleanLiteral'; readonly value: boolean | null }
/** NULL. */
export interface NullLiteral extends NodeBase { readonly kind: 'NullLiteral' }
/** `X'0FA2'`: the hex digits, upper-cased. */
export interface BinaryLiteral extends NodeBase { readonly kind: 'BinaryLiteral'; readonly hex: string }
/** `DATE '2024-01-31'`, `TIME '10:00:00'`, `TIMESTAMP '2024-01-31 10:00:00.000'`. */
export interface DateTimeLiteral extends NodeBase {
  readonly kind: 'DateTimeLiteral';
  readonly type: 'DATE' | 'TIME' | 'TIMESTAMP';
  readonly value: string;
}
/** `INTERVAL '5' SECOND`, `INTERVAL -'1 10' DAY TO HOUR`; `value` is the quoted text. */
export interface IntervalLiteral extends NodeBase {
  readonly kind: 'IntervalLiteral';
  readonly negative: boolean;
  readonly value: string;
  readonly qualifier: IntervalQualifier;
}

/** A (possibly qualified) name: `price`, `B.price`, `cat.db.t.col`. Resolution is the binder's. */
export interface Identifier extends NodeBase { readonly kind: 'Identifier'; readonly parts: readonly string[] }
/** `expr.field` where `expr` is not a plain name: `f(x).a`, `arr[1].b`. */
export interface FieldAccess extends NodeBase { readonly kind: 'FieldAccess'; readonly target: Expr; readonly field: string }
/** `m['k']`, `arr[1]`. */
export interface ItemAccess extends NodeBase { readonly kind: 'ItemAccess'; readonly target: Expr; readonly index: Expr }

/** Prefix `-`, `+` and `NOT`. */
export interface Unary extends NodeBase { readonly kind: 'Unary'; readonly op: '-' | '+' | 'NOT'; readonly operand: Expr }
/** The binary operators (`!=` is normalised to `<>`). */
export type BinaryOp = 'OR' | 'AND' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '||';
/** `left op right`. */
export interface Binary extends NodeBase { readonly kind: 'Binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
/** `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface Is extends NodeBase {
  readonly kind: 'Is';
  readonly operand: Expr;
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
  readonly negated: boolean;
}
/** `x IS [NOT] DISTINCT FROM y`. */
export interface IsDistinctFrom extends NodeBase {
  readonly kind: 'IsDistinctFrom';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}
/** `x [NOT] BETWEEN [ASYMMETRIC | SYMMETRIC] low AND high` (ASYMMETRIC is the default). */
export interface Between extends NodeBase {
  readonly kind: 'Between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
}
/** `x [NOT] IN (a, b, …)`. */
export interface InList extends NodeBase { readonly kind: 'InList'; readonly operand: Expr; readonly list: readonly Expr[]; readonly negated: boolean }
/** `x [NOT] IN (SELECT …)`. */
export interface InSubquery extends NodeBase { readonly kind: 'InSubquery'; readonly operand: Expr; readonly query: Query; readonly negated: boolean }
/** `x [NOT] LIKE p [ESCAPE e]` and `x [NOT] SIMILAR TO p [ESCAPE e]`. */
export interface Like extends NodeBase {
  readonly kind: 'Like';
  readonly op: 'LIKE' | 'SIMILAR TO';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
}
/** `EXISTS (SELECT …)`. */
export interface Exists extends NodeBase { readonly kind: 'Exists'; readonly query: Query }
/** A scalar subquery: `(SELECT max(x) FROM t)`. */
export interface Subquery extends NodeBase { readonly kind: 'Subquery'; readonly query: Query }

/** One `WHEN … THEN …` arm. */
export interface WhenClause { readonly when: Expr; readonly then: Expr }
/** `CASE [operand] WHEN … THEN … [ELSE …] END` (simple when `operand` is set, searched otherwise). */
export interface Case extends NodeBase {
  readonly kind: 'Case';
  readonly operand?: Expr;
  readonly whens: readonly WhenClause[];
  readonly else?: Expr;
}
/** `CAST(x AS type)` and `TRY_CAST(x AS type)`. */
export interface Cast extends NodeBase { readonly kind: 'Cast'; readonly operand: Expr; readonly type: DataType; readonly try: boolean }

/** `ORDER BY` item, also used inside OVER and WITHIN windows. */
export interface OrderItem extends NodeBase {
  readonly expr: Expr;
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}
/** One end of a window frame. `offset` is set for `n PRECEDING` / `n FOLLOWING`. */
export interface FrameBound {
  readonly type: 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';
  readonly offset?: Expr;
}
/** `ROWS|RANGE BETWEEN start AND end`, or `ROWS|RANGE start` (then `end` is absent). */
export interface WindowFrame { readonly unit: 'ROWS' | 'RANGE'; readonly start: FrameBound; readonly end?: FrameBound }
/** `(PARTITION BY … ORDER BY … frame)`, optionally refining a named window (`base`). */
export interface WindowSpec extends NodeBase {
  readonly kind: 'WindowSpec';
  readonly base?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}
/** `OVER w`: a window defined in the query's WINDOW clause. */
export interface WindowName extends NodeBase { readonly kind: 'WindowName'; readonly name: string }

/**
 * A function call: `f(a, b)`, `COUNT(*)` (`star`), `COUNT(DISTINCT x)`, `agg(x) FILTER (WHERE …)`,
 * `f(x) OVER (…)`, window TVFs with table, descriptor and named arguments.
 */
export interface FunctionCall extends NodeBase {
  readonly kind: 'FunctionCall';
  readonly name: readonly string[];
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly star: boolean;
  readonly filter?: Expr;
  readonly over?: WindowSpec | WindowName;
}
/** Functions written without parentheses: `CURRENT_TIMESTAMP`, `LOCALTIMESTAMP`, `CURRENT_DATE`… */
export interface NiladicCall extends NodeBase {
  readonly kind: 'NiladicCall';
  readonly name: 'CURRENT_TIMESTAMP' | 'CURRENT_DATE' | 'CURRENT_TIME' | 'LOCALTIME' | 'LOCALTIMESTAMP';
}

/** Units accepted by EXTRACT, FLOOR/CEIL … TO, TIMESTAMPADD and TIMESTAMPDIFF. */
export type TimeUnit =
  | 'MILLENNIUM' | 'CENTURY' | 'DECADE' | 'YEAR' | 'QUARTER' | 'MONTH' | 'WEEK' | 'DAY' | 'HOUR'
  | 'MINUTE' | 'SECOND' | 'MILLISECOND' | 'MICROSECOND' | 'NANOSECOND' | 'DOW' | 'DOY' | 'EPOCH'
  | 'ISODOW' | 'ISOYEAR';
/** `EXTRACT(unit FROM x)`. */
export interface Extract extends NodeBase { readonly kind: 'Extract'; readonly unit: TimeUnit; readonly source: Expr }
/** `FLOOR(x TO unit)` / `CEIL(x TO unit)` (plain `FLOOR(x)` is a FunctionCall). */
export interface FloorCeil extends NodeBase { readonly kind: 'FloorCeil'; readonly fn: 'FLOOR' | 'CEIL'; readonly operand: Expr; readonly unit: TimeUnit }
/** `POSITION(needle IN haystack)`. */
export interface Position extends NodeBase { readonly kind: 'Position'; readonly needle: Expr; readonly haystack: Expr }
/** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)`; plain `TRIM(s)` is side BOTH without chars. */
export interface Trim extends NodeBase {
  readonly kind: 'Trim';
  readonly side: 'BOTH' | 'LEADING' | 'TRAILING';
  readonly chars?: Expr;
  readonly source: Expr;
}
/** `SUBSTRING(s FROM a [FOR b])` and `SUBSTRING(s, a [, b])`. */
export interface Substring extends NodeBase { readonly kind: 'Substring'; readonly source: Expr; readonly start: Expr; readonly length?: Expr }
/** `OVERLAY(s PLACING r FROM a [FOR b])`. */
export interface Overlay extends NodeBase {
  readonly kind: 'Overlay';
  readonly source: Expr;
  readonly replacement: Expr;
  readonly start: Expr;
  readonly length?: Expr;
}
/** `TIMESTAMPADD(unit, count, ts)`. */
export interface TimestampAdd extends NodeBase { readonly kind: 'TimestampAdd'; readonly unit: TimeUnit; readonly count: Expr; readonly timestamp: Expr }
/** `TIMESTAMPDIFF(unit, start, end)`. */
export interface TimestampDiff extends NodeBase { readonly kind: 'TimestampDiff'; readonly unit: TimeUnit; readonly start: Expr; readonly end: Expr }

/** What JSON_VALUE gives when its path finds nothing (ON EMPTY) or fails (ON ERROR). */
export type JsonValueBehavior = { readonly type: 'NULL' | 'ERROR' } | { readonly type: 'DEFAULT'; readonly value: Expr };
/**
 * `JSON_VALUE(json, path [RETURNING type] [behavior ON EMPTY] [behavior ON ERROR])`; a plain
 * `JSON_VALUE(json, path)` has none of the optional parts.
 */
export interface JsonValue extends NodeBase {
  readonly kind: 'JsonValue';
  readonly json: Expr;
  readonly path: Expr;
  readonly returning?: DataType;
  readonly onEmpty?: JsonValueBehavior;
  readonly onError?: JsonValueBehavior;
}
/** What JSON_QUERY gives when its path finds nothing (ON EMPTY) or fails (ON ERROR). */
export type JsonQueryBehavior = 'NULL' | 'ERROR' | 'EMPTY ARRAY' | 'EMPTY OBJECT';
/** `WITHOUT [ARRAY] WRAPPER`, `WITH CONDITIONAL [ARRAY] WRAPPER`, `WITH [UNCONDITIONAL] [ARRAY] WRAPPER`. */
export type JsonQueryWrapper = 'WITHOUT' | 'CONDITIONAL' | 'UNCONDITIONAL';
/** `JSON_QUERY(json, path [wrapper WRAPPER] [behavior ON EMPTY] [behavior ON ERROR])`. */
export interface JsonQuery extends NodeBase {
  readonly kind: 'JsonQuery';
  readonly json: Expr;
  readonly path: Expr;
  readonly wrapper?: JsonQueryWrapper;
  readonly onEmpty?: JsonQueryBehavior;
  readonly onError?: JsonQueryBehavior;
}

/** `ROW(a, b)` (`explicit`) or a parenthesised list `(a, b)`. */
export interface RowConstructor extends NodeBase { readonly kind: 'RowConstructor'; readonly fields: readonly Expr[]; readonly explicit: boolean }
/** `ARRAY[a, b]`. */
export interface ArrayConstructor extends NodeBase { readonly kind: 'ArrayConstructor'; readonly elements: readonly Expr[] }
/** One `key, value` pair of a MAP constructor. */
export interface MapEntry { readonly key: Expr; readonly value: Expr }
/** `MAP[k1, v1, k2, v2]`. */
export interface MapConstructor extends NodeBase { readonly kind: 'MapConstructor'; readonly entries: readonly MapEntry[] }

/** `DESCRIPTOR(col, …)`: names the time column of a window TVF. */
export interface Descriptor extends NodeBase { readonly kind: 'Descriptor'; readonly columns: readonly string[] }
/** `TABLE t [PARTITION BY k, …]`: a table passed to a table function (window TVFs). */
export interface TableArgument extends NodeBase {
  readonly kind: 'TableArgument';
  readonly table: readonly string[];
  readonly partitionBy: readonly Expr[];
}
/** `name => value`, e.g. `TIMECOL => DESCRIPTOR(ts)`. */
export interface NamedArgument extends NodeBase { readonly kind: 'NamedArgument'; readonly name: string; readonly value: Expr }

/**
 * A scalar expression. Every variant is tagged by `kind`, so visitors written as
 * `Record<Expr['kind'], …>` fail to compile until they handle a new variant.
 *
 * @example
 * function isLiteral(e: Expr) { return e.kind.endsWith('Literal'); }
 */
export type Expr =
  | NumericLiteral | StringLiteral | BooleanLiteral | NullLiteral | BinaryLiteral | DateTimeLiteral | IntervalLiteral
  | Identifier | FieldAccess | ItemAccess
  | Unary | Binary | Is | IsDistinctFrom | Between | InList | InSubquery | Like | Exists | Subquery
  | Case | Cast | FunctionCall | NiladicCall
  | Extract | FloorCeil | Position | Trim | Substring | Overlay | TimestampAdd | TimestampDiff | JsonValue | JsonQuery
  | RowConstructor | ArrayConstructor | MapConstructor
  | Descriptor | TableArgument | NamedArgument;
