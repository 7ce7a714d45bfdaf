import {
  DataTypes, canCast, findField, isCharacter, isIntegral, leastRestrictive, typeToString, withNullability, type DataType, type RowType,
} from '../../core/data-types.ts';
import { comparisonType, needsConversion } from './coercion.ts';
import { ExprTypeError } from './errors.ts';
import type {
  AndExpr, BetweenExpr, CallExpr, CaseBranch, CaseExpr, CastExpr, Expr, FieldAccessExpr, FieldExpr, InExpr,
  IsDistinctFromExpr, IsExpr, ItemExpr, LikeExpr, NotExpr, OrExpr,
} from './expr.ts';
import { lookupFunction } from './function-catalog.ts';
import { cannotApply } from './function-definition.ts';
import { nullLiteral } from './literals.ts';

/**
 * Checked constructors for the Expr tree — what a binder or the DataFrame API calls. Each infers the
 * node's type, rejects ill-typed input with an {@link ExprTypeError} naming the operator and argument
 * types, and wraps arguments in implicit CASTs where their runtime representation must change
 * (DATE compared with TIMESTAMP, text compared with a TIMESTAMP; see `needsConversion`).
 *
 * @example
 * const t = DataTypes.ROW([{ name: 'price', type: DataTypes.DOUBLE() }, { name: 'symbol', type: DataTypes.STRING() }]);
 * const cond = and(call('>', [field(t, 'price'), numericLiteral('100')]), call('=', [field(t, 'symbol'), stringLiteral('AAPL')]));
 */

const BOOLEAN = DataTypes.BOOLEAN();
const freeze = <T extends Expr>(e: T): T => Object.freeze(e);
const anyNullable = (es: readonly Expr[]): boolean => es.some((e) => e.type.nullable);
const booleanType = (nullable: boolean): DataType => withNullability(BOOLEAN, nullable);

/**
 * The input field `name` of `input` (names are case-sensitive, as in Flink).
 *
 * @example
 * field(t, 'price').type // DOUBLE
 */
export function field(input: RowType, name: string): FieldExpr {
  const f = findField(input, name);
  if (f === undefined) throw new ExprTypeError(`unknown field '${name}' (the input has ${input.fields.map((x) => x.name).join(', ') || 'no fields'})`);
  return freeze({ kind: 'field', name, type: f.type });
}

/**
 * `target.name` on a ROW; nullable when the row is.
 *
 * @example
 * fieldAccess(field(t, 'address'), 'city')
 */
export function fieldAccess(target: Expr, name: string): FieldAccessExpr {
  const t = target.type;
  if (t.kind !== 'ROW') throw new ExprTypeError(`cannot access field '${name}' of ${typeToString(t)}`);
  const f = findField(t, name);
  if (f === undefined) throw new ExprTypeError(`no field '${name}' in ${typeToString(t)}`);
  return freeze({ kind: 'field-access', target, field: name, type: withNullability(f.type, f.type.nullable || t.nullable) });
}

/**
 * `array[i]` (1-based) or `map[key]`; NULL when out of range or absent.
 *
 * @example
 * item(field(t, 'tags'), numericLiteral('1'))
 */
export function item(target: Expr, index: Expr): ItemExpr {
  const t = target.type;
  if (t.kind === 'ARRAY' && (isIntegral(index.type) || index.type.kind === 'NULL')) {
    return freeze({ kind: 'item', target, index, type: withNullability(t.element, true) });
  }
  if (t.kind === 'MAP') {
    const keyType = comparisonType(t.key, index.type, false);
    if (keyType !== undefined) return freeze({ kind: 'item', target, index: coerceTo(index, t.key), type: withNullability(t.value, true) });
  }
  throw cannotApply('ITEM', [t, index.type], 'array[integer] | map[key]');
}

/**
 * A call of a built-in function or operator by name (any case; aliases resolve).
 *
 * @example
 * call('+', [field(t, 'a'), numericLiteral('1')])
 * call('EXTRACT', [timeUnit('YEAR'), field(t, 'ts')])
 */
export function call(name: string, args: readonly Expr[]): CallExpr {
  const def = lookupFunction(name);
  if (def === undefined) throw new ExprTypeError(`unknown function '${name}'`);
  const types = args.map((a) => a.type);
  const literals = args.map((a) => (a.kind === 'literal' ? a.value : undefined));
  const type = def.inferReturnType(types, literals);
  const targets = def.operandTypes(types, type);
  const coerced = args.map((a, i) => (targets[i] === undefined ? a : coerceTo(a, targets[i] as DataType)));
  return freeze({ kind: 'call', name: def.name, args: Object.freeze(coerced), type });
}

/**
 * `ROW(a AS x, b AS y)`: a ROW constructor with field names of your choosing.
 *
 * @example
 * rowOf([{ name: 'x', expr: field(t, 'a') }]).type // ROW<`x` …> NOT NULL
 */
export function rowOf(fields: readonly { name: string; expr: Expr }[]): CallExpr {
  const type = withNullability(DataTypes.ROW(fields.map((f) => ({ name: f.name, type: f.expr.type }))), false);
  return freeze({ kind: 'call', name: 'ROW', args: Object.freeze(fields.map((f) => f.expr)), type });
}

/**
 * A call of a user-defined scalar function: `fn` receives non-null arguments; any NULL argument gives
 * NULL without calling it. `returnType` is trusted.
 *
 * @example
 * udfCall('plus_one', (x: number) => x + 1, [field(t, 'a')], DataTypes.INT())
 */
export function udfCall(name: string, fn: (...args: any[]) => unknown, args: readonly Expr[], returnType: DataType, deterministic = true): CallExpr {
  return freeze({ kind: 'call', name, args: Object.freeze([...args]), type: returnType, udf: Object.freeze({ fn, deterministic }) });
}

/**
 * CAST (a failed conversion is an error at run time) or TRY_CAST (it gives NULL).
 *
 * @example
 * cast(field(t, 'price_text'), DataTypes.DECIMAL(10, 2))
 */
export function cast(operand: Expr, type: DataType, tryCast = false): CastExpr {
  if (!canCast(operand.type, type)) {
    throw new ExprTypeError(`${tryCast ? 'TRY_CAST' : 'CAST'}: cannot cast ${typeToString(withNullability(operand.type, true))} to ${typeToString(withNullability(type, true))}`);
  }
  return freeze({ kind: 'cast', operand, try: tryCast, type: withNullability(type, operand.type.nullable || tryCast) });
}

/**
 * `expr` as a value of `type`: itself when the representation is already right, else an implicit CAST.
 *
 * @example
 * coerceTo(field(t, 'd'), DataTypes.TIMESTAMP(3)) // CAST(d AS TIMESTAMP(3)) when d is a DATE
 */
export function coerceTo(expr: Expr, type: DataType): Expr {
  if (!needsConversion(expr.type, type)) return expr;
  return freeze({ kind: 'cast', operand: expr, try: false, type: withNullability(type, expr.type.nullable) });
}

/**
 * Searched CASE. Without `otherwise` the result is NULL when no branch matches.
 *
 * @example
 * caseWhen([{ when: call('>', [x, zero]), then: stringLiteral('pos') }], stringLiteral('other'))
 */
export function caseWhen(branches: readonly CaseBranch[], otherwise?: Expr): CaseExpr {
  if (branches.length === 0) throw new ExprTypeError('CASE needs at least one WHEN branch');
  for (const b of branches) {
    if (b.when.type.kind !== 'BOOLEAN' && b.when.type.kind !== 'NULL') throw cannotApply('CASE WHEN', [b.when.type], 'CASE WHEN boolean THEN value … END');
  }
  const results = [...branches.map((b) => b.then), otherwise ?? nullLiteral()];
  const common = commonTypeOf(results, 'CASE', false);
  const coerced = results.map((r) => coerceTo(r, common));
  return freeze({
    kind: 'case',
    branches: Object.freeze(branches.map((b, i) => Object.freeze({ when: b.when, then: coerced[i] }))),
    else: coerced[coerced.length - 1],
    type: common,
  });
}

/** The common type of CASE results (widening only) or of IN operands (comparison rules: text meets temporals). */
function commonTypeOf(es: readonly Expr[], what: string, comparing: boolean): DataType {
  let common: DataType | undefined = es[0].type;
  for (const e of es.slice(1)) common = common && (comparing ? comparisonType(common, e.type, false) : leastRestrictive([common, e.type]));
  if (common === undefined) throw cannotApply(what, es.map((e) => e.type));
  return common;
}

/**
 * Simple CASE, desugared to searched: `CASE x WHEN 1 THEN a … END` → `CASE WHEN x = 1 THEN a … END`.
 * (`x` is evaluated once per arm.)
 *
 * @example
 * simpleCase(field(t, 'n'), [{ value: numericLiteral('1'), then: stringLiteral('one') }])
 */
export function simpleCase(operand: Expr, arms: readonly { value: Expr; then: Expr }[], otherwise?: Expr): CaseExpr {
  return caseWhen(arms.map((a) => ({ when: call('=', [operand, a.value]), then: a.then })), otherwise);
}

function checkBoolean(name: string, operands: readonly Expr[]): void {
  if (operands.some((o) => o.type.kind !== 'BOOLEAN' && o.type.kind !== 'NULL')) throw cannotApply(name, operands.map((o) => o.type));
}

/**
 * Three-valued AND (nested ANDs are flattened).
 *
 * @example
 * and(a, b, c)
 */
export function and(...operands: Expr[]): AndExpr {
  checkBoolean('AND', operands);
  const flat = operands.flatMap((o) => (o.kind === 'and' ? o.operands : [o]));
  if (flat.length < 2) throw new ExprTypeError('AND needs at least two operands');
  return freeze({ kind: 'and', operands: Object.freeze(flat), type: booleanType(anyNullable(flat)) });
}

/** Three-valued OR (nested ORs are flattened). @example or(a, b) */
export function or(...operands: Expr[]): OrExpr {
  checkBoolean('OR', operands);
  const flat = operands.flatMap((o) => (o.kind === 'or' ? o.operands : [o]));
  if (flat.length < 2) throw new ExprTypeError('OR needs at least two operands');
  return freeze({ kind: 'or', operands: Object.freeze(flat), type: booleanType(anyNullable(flat)) });
}

/** NOT (NULL stays NULL). @example not(isNull(x)) */
export function not(operand: Expr): NotExpr {
  checkBoolean('NOT', [operand]);
  return freeze({ kind: 'not', operand, type: booleanType(operand.type.nullable) });
}

/**
 * `x IS [NOT] NULL | TRUE | FALSE`; IS UNKNOWN is `is(x, 'null')`.
 *
 * @example
 * is(field(t, 'flag'), 'true', true) // flag IS NOT TRUE
 */
export function is(operand: Expr, test: 'null' | 'true' | 'false', negated = false): IsExpr {
  if (test !== 'null') checkBoolean(`IS ${negated ? 'NOT ' : ''}${test.toUpperCase()}`, [operand]);
  return freeze({ kind: 'is', operand, test, negated, type: booleanType(false) });
}

/** @example isNull(field(t, 'a')) */
export const isNull = (operand: Expr): IsExpr => is(operand, 'null');
/** @example isNotNull(field(t, 'a')) */
export const isNotNull = (operand: Expr): IsExpr => is(operand, 'null', true);

/**
 * `a IS [NOT] DISTINCT FROM b`.
 *
 * @example
 * isDistinctFrom(field(t, 'a'), field(t, 'b'))
 */
export function isDistinctFrom(left: Expr, right: Expr, negated = false): IsDistinctFromExpr {
  const common = comparisonType(left.type, right.type, false);
  if (common === undefined) throw cannotApply(`IS ${negated ? 'NOT ' : ''}DISTINCT FROM`, [left.type, right.type]);
  return freeze({ kind: 'is-distinct-from', left: coerceTo(left, common), right: coerceTo(right, common), negated, type: booleanType(false) });
}

/**
 * `x [NOT] IN (a, b, …)`.
 *
 * @example
 * inList(field(t, 'symbol'), [stringLiteral('AAPL'), stringLiteral('MSFT')])
 */
export function inList(operand: Expr, list: readonly Expr[], negated = false): InExpr {
  if (list.length === 0) throw new ExprTypeError('IN needs at least one value');
  const common = commonTypeOf([operand, ...list], negated ? 'NOT IN' : 'IN', true);
  return freeze({
    kind: 'in', operand: coerceTo(operand, common), list: Object.freeze(list.map((e) => coerceTo(e, common))), negated,
    type: booleanType(anyNullable([operand, ...list])),
  });
}

/**
 * `x [NOT] BETWEEN [SYMMETRIC] low AND high`.
 *
 * @example
 * between(field(t, 'price'), numericLiteral('10'), numericLiteral('20'))
 */
export function between(operand: Expr, low: Expr, high: Expr, options: { negated?: boolean; symmetric?: boolean } = {}): BetweenExpr {
  const lowType = comparisonType(operand.type, low.type, true);
  const common = lowType && comparisonType(lowType, high.type, true);
  if (common === undefined) throw cannotApply('BETWEEN', [operand.type, low.type, high.type]);
  return freeze({
    kind: 'between', operand: coerceTo(operand, common), low: coerceTo(low, common), high: coerceTo(high, common),
    negated: options.negated ?? false, symmetric: options.symmetric ?? false, type: booleanType(anyNullable([operand, low, high])),
  });
}

/**
 * `x [NOT] LIKE pattern [ESCAPE e]` (or SIMILAR TO with `similar`). `%` matches any run of
 * characters, `_` one character; there is no escape character unless ESCAPE names one.
 *
 * @example
 * like(field(t, 'symbol'), stringLiteral('AA%'))
 */
export function like(operand: Expr, pattern: Expr, options: { escape?: Expr; negated?: boolean; similar?: boolean } = {}): LikeExpr {
  const { escape, negated = false, similar = false } = options;
  const name = `${negated ? 'NOT ' : ''}${similar ? 'SIMILAR TO' : 'LIKE'}`;
  const parts = escape === undefined ? [operand, pattern] : [operand, pattern, escape];
  if (parts.some((p) => !isCharacter(p.type) && p.type.kind !== 'NULL')) throw cannotApply(name, parts.map((p) => p.type));
  if (escape?.kind === 'literal' && typeof escape.value === 'string' && escape.value.length !== 1) {
    throw new ExprTypeError(`${name}: the escape must be one character, got '${escape.value}'`);
  }
  return freeze({ kind: 'like', operand, pattern, escape, negated, similar, type: booleanType(anyNullable(parts)) });
}
