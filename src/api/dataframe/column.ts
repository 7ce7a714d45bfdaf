import type { DataType } from '../../core/data-types.ts';
import type { BinaryOp, Case, Expr } from '../sql/ast/expressions.ts';
import { printExpr } from '../sql/printer/index.ts';
import { NO_POS, call, cast, literal } from './ast.ts';
import { sparkTypeFromName } from './spark-types.ts';

/** What `window()` / `sessionWindow()` put in a groupBy: the time column and the window's shape (ms). */
export interface WindowGrouping {
  readonly kind: 'tumbling' | 'sliding' | 'session';
  readonly time: Expr;
  readonly size: number;
  readonly slide?: number;
  readonly offset?: number;
}

/** A value a Column method accepts: another Column, or a JavaScript value taken as a literal. */
export type ColumnOrValue = Column | string | number | boolean | bigint | Date | null;

/**
 * An expression over a DataFrame's rows (Spark's Column): built with `col`, `lit`, `expr` and the
 * functions in functions.ts, combined with methods, named with `alias`. A Column is a SQL
 * expression underneath, bound against the DataFrame's columns when used.
 *
 * @example
 * col('price').multiply(col('shares')).alias('value')
 * when(col('shares').gt(100), 'big').otherwise('small').alias('size')
 */
export class Column {
  /** The SQL expression. */
  readonly expr: Expr;
  /** The output name given by `alias`. */
  readonly aliasName?: string;
  /** Set by `window()` / `sessionWindow()`: only groupBy takes such a column. */
  readonly window?: WindowGrouping;
  /** Set by `asc()` / `desc()`: only orderBy takes the direction. */
  readonly sort?: { readonly descending: boolean; readonly nullsFirst: boolean };

  constructor(expr: Expr, options: { alias?: string; window?: WindowGrouping; sort?: Column['sort'] } = {}) {
    this.expr = expr;
    if (options.alias !== undefined) this.aliasName = options.alias;
    if (options.window !== undefined) this.window = options.window;
    if (options.sort !== undefined) this.sort = options.sort;
  }

  /** The column under a new name. @example col('px').alias('price') */
  alias(name: string): Column {
    return new Column(this.expr, { alias: name, ...(this.window === undefined ? {} : { window: this.window }) });
  }

  /** Same as {@link alias}. */
  as(name: string): Column {
    return this.alias(name);
  }

  /** Same as {@link alias}. */
  name(name: string): Column {
    return this.alias(name);
  }

  /** Converts to a type: a Spark type name ('string', 'int', 'timestamp', 'decimal(10,2)') or an engine type. */
  cast(type: string | DataType): Column {
    return new Column(cast(this.expr, typeof type === 'string' ? sparkTypeFromName(type) : type));
  }

  /** Same as {@link cast}. */
  astype(type: string | DataType): Column {
    return this.cast(type);
  }

  /** `this + other`. */
  plus(other: ColumnOrValue): Column { return this.#binary('+', other); }
  /** `this - other`. */
  minus(other: ColumnOrValue): Column { return this.#binary('-', other); }
  /** `this * other`. */
  multiply(other: ColumnOrValue): Column { return this.#binary('*', other); }
  /** `this / other`. */
  divide(other: ColumnOrValue): Column { return this.#binary('/', other); }
  /** `this % other`. */
  mod(other: ColumnOrValue): Column { return this.#binary('%', other); }
  /** `this = other` (SQL equality: null if either side is null). */
  equalTo(other: ColumnOrValue): Column { return this.#binary('=', other); }
  /** Alias of `equalTo`. */
  eq(other: ColumnOrValue): Column { return this.#binary('=', other); }
  /** `this <> other`. */
  notEqual(other: ColumnOrValue): Column { return this.#binary('<>', other); }
  /** Alias of `notEqual`. */
  ne(other: ColumnOrValue): Column { return this.#binary('<>', other); }
  /** `this > other`. */
  gt(other: ColumnOrValue): Column { return this.#binary('>', other); }
  /** `this >= other`. */
  geq(other: ColumnOrValue): Column { return this.#binary('>=', other); }
  /** Alias of `geq`. */
  ge(other: ColumnOrValue): Column { return this.#binary('>=', other); }
  /** `this < other`. */
  lt(other: ColumnOrValue): Column { return this.#binary('<', other); }
  /** `this <= other`. */
  leq(other: ColumnOrValue): Column { return this.#binary('<=', other); }
  /** Alias of `leq`. */
  le(other: ColumnOrValue): Column { return this.#binary('<=', other); }
  /** `this AND other` (three-valued logic). */
  and(other: ColumnOrValue): Column { return this.#binary('AND', other); }
  /** `this OR other` (three-valued logic). */
  or(other: ColumnOrValue): Column { return this.#binary('OR', other); }

  /** Null-safe equality (Spark's `<=>`): NULL equals NULL. */
  eqNullSafe(other: ColumnOrValue): Column {
    return new Column({ kind: 'IsDistinctFrom', left: this.expr, right: toExpr(other), negated: true, pos: NO_POS });
  }

  /** `NOT this`. */
  not(): Column {
    return new Column({ kind: 'Unary', op: 'NOT', operand: this.expr, pos: NO_POS });
  }

  /** `-this`. */
  negate(): Column {
    return new Column({ kind: 'Unary', op: '-', operand: this.expr, pos: NO_POS });
  }

  /** `this IS NULL`. */
  isNull(): Column { return this.#is('NULL', false); }
  /** `this IS NOT NULL`. */
  isNotNull(): Column { return this.#is('NULL', true); }

  /** True when the value is one of `values`. @example col('symbol').isin('AAPL', 'MSFT') */
  isin(...values: (ColumnOrValue | readonly ColumnOrValue[])[]): Column {
    const list = values.flat() as ColumnOrValue[];
    return new Column({ kind: 'InList', operand: this.expr, list: list.map(toExpr), negated: false, pos: NO_POS });
  }

  /** SQL LIKE with `%` and `_`. */
  like(pattern: string): Column {
    return new Column({ kind: 'Like', op: 'LIKE', operand: this.expr, pattern: literal(pattern), negated: false, pos: NO_POS });
  }

  /** A regular-expression match anywhere in the value (Spark's rlike). */
  rlike(pattern: string): Column {
    return new Column(call('REGEXP', [this.expr, literal(pattern)]));
  }

  /** `this BETWEEN low AND high` (inclusive). */
  between(low: ColumnOrValue, high: ColumnOrValue): Column {
    return new Column({ kind: 'Between', operand: this.expr, low: toExpr(low), high: toExpr(high), negated: false, symmetric: false, pos: NO_POS });
  }

  /** Whether the string contains `other`. */
  contains(other: ColumnOrValue): Column {
    const position: Expr = { kind: 'Position', needle: toExpr(other), haystack: this.expr, pos: NO_POS };
    return new Column({ kind: 'Binary', op: '>', left: position, right: literal(0), pos: NO_POS });
  }

  /** Whether the string starts with `prefix`. */
  startsWith(prefix: string): Column {
    return this.#escapedLike(`${escapeLike(prefix)}%`);
  }

  /** Whether the string ends with `suffix`. */
  endsWith(suffix: string): Column {
    return this.#escapedLike(`%${escapeLike(suffix)}`);
  }

  /** `length` characters from 1-based `start`. */
  substr(start: number | Column, length: number | Column): Column {
    return new Column({ kind: 'Substring', source: this.expr, start: toExpr(start), length: toExpr(length), pos: NO_POS });
  }

  /** A field of a struct column. @example col('data').getField('symbol') */
  getField(name: string): Column {
    return new Column({ kind: 'FieldAccess', target: this.expr, field: name, pos: NO_POS });
  }

  /** An element of an array (0-based, as Spark) or a map's value by key. */
  getItem(key: ColumnOrValue): Column {
    const index = typeof key === 'number' ? literal(key + 1) : toExpr(key);
    return new Column({ kind: 'ItemAccess', target: this.expr, index, pos: NO_POS });
  }

  /** Another branch of a `when(…)` chain. */
  when(condition: Column, value: ColumnOrValue): Column {
    const c = this.#case('when');
    return new Column({ ...c, whens: [...c.whens, { when: condition.expr, then: toExpr(value) }] });
  }

  /** The value of a `when(…)` chain when no branch matches (NULL without it). */
  otherwise(value: ColumnOrValue): Column {
    const c = this.#case('otherwise');
    if (c.else !== undefined) throw new TypeError('otherwise() can be applied only once');
    return new Column({ ...c, else: toExpr(value) });
  }

  /** Ascending sort order, nulls first (for `orderBy`). */
  asc(): Column { return new Column(this.expr, { sort: { descending: false, nullsFirst: true } }); }
  /** Ascending sort order, nulls last. */
  asc_nulls_last(): Column { return new Column(this.expr, { sort: { descending: false, nullsFirst: false } }); }
  /** Descending sort order, nulls last. */
  desc(): Column { return new Column(this.expr, { sort: { descending: true, nullsFirst: false } }); }
  /** Descending sort order, nulls first. */
  desc_nulls_first(): Column { return new Column(this.expr, { sort: { descending: true, nullsFirst: true } }); }

  /** The expression as SQL text (what Spark shows as the column's default name). */
  toString(): string {
    return this.aliasName ?? printExpr(this.expr);
  }

  #binary(op: BinaryOp, other: ColumnOrValue): Column {
    return new Column({ kind: 'Binary', op, left: this.expr, right: toExpr(other), pos: NO_POS });
  }

  #escapedLike(pattern: string): Column {
    return new Column({ kind: 'Like', op: 'LIKE', operand: this.expr, pattern: literal(pattern), escape: literal('\\'), negated: false, pos: NO_POS });
  }

  #is(test: 'NULL', negated: boolean): Column {
    return new Column({ kind: 'Is', operand: this.expr, test, negated, pos: NO_POS });
  }

  #case(method: string): Case {
    if (this.expr.kind !== 'Case' || this.expr.operand !== undefined) throw new TypeError(`${method}() applies only to a column made by when(…)`);
    return this.expr;
  }
}

/**
 * A Column's expression, or a literal for a plain value. Strings are literals here (as in Spark's
 * Column methods: `col('a').eq('x')` compares with the text 'x').
 */
export function toExpr(value: ColumnOrValue): Expr {
  return value instanceof Column ? value.expr : literal(value);
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
