import type {
  AndExpr, BetweenExpr, CaseExpr, InExpr, IsDistinctFromExpr, IsExpr, NotExpr, OrExpr,
} from '../../plan/expr/expr.ts';
import { NULL_OPERAND, notNullTest, nullTest, unionGuards, type Operand } from './codegen.ts';
import { compareCode, equalsCode, isPrimitive, type ExprCompiler } from './compiler.ts';

/**
 * Three-valued logic and the predicates: AND/OR (FALSE AND NULL = FALSE, TRUE OR NULL = TRUE, later
 * operands evaluated only when they can still change the result), NOT, IS [NOT] NULL/TRUE/FALSE,
 * IS [NOT] DISTINCT FROM, IN, BETWEEN and CASE. Where only TRUE matters (WHERE, CASE WHEN) the
 * compiler uses `condition`, which folds NULL into false and joins conjuncts with `&&`.
 *
 * @example
 * compileAnd(and(a, b), c) // t = a; if (t !== false) { … }
 */

const paren = (code: string): string => (/^[\w$.]+$/.test(code) ? code : `(${code})`);

/** A JavaScript condition true exactly when the operand's SQL value is TRUE. @example trueTest({ code: 'f0', guards: ['f0'] }) // '(f0 !== null && f0)' */
export function trueTest(op: Operand): string {
  if (op.isNull) return 'false';
  return op.guards.length === 0 ? paren(op.code) : `(${notNullTest(op.guards)} && ${paren(op.code)})`;
}

/** A JavaScript condition true exactly when the operand's SQL value is FALSE. @example falseTest({ code: 'x', guards: [] }) // '!x' */
export function falseTest(op: Operand): string {
  if (op.isNull) return 'false';
  return op.guards.length === 0 ? `!${paren(op.code)}` : `(${notNullTest(op.guards)} && !${paren(op.code)})`;
}

const nonNull = (op: Operand): boolean => !op.isNull && op.guards.length === 0;

/** AND/OR over operands compiled by `producers` (each after the first in its own block, run only if needed). */
function combine3(kind: 'and' | 'or', producers: readonly (() => Operand)[], c: ExprCompiler): Operand {
  const first = producers[0]();
  const rest = producers.slice(1).map((p) => c.g.capture(p));
  const all = [first, ...rest.map((r) => r.result)];
  if (rest.every((r) => r.lines.length === 0) && all.every(nonNull)) {
    return { code: `(${all.map((o) => paren(o.code)).join(kind === 'and' ? ' && ' : ' || ')})`, guards: [] };
  }
  const dominant = kind === 'and' ? 'false' : 'true';
  const r = c.g.temp();
  c.g.emit(`${r} = ${c.g.valueOf(first)};`);
  let nullable = !nonNull(first);
  for (const { lines, result } of rest) {
    c.g.emit(`if (${r} !== ${dominant}) {`);
    c.g.emitBlock(lines);
    if (nonNull(result)) {
      c.g.emit(`  if (${kind === 'and' ? '!' : ''}${paren(result.code)}) ${r} = ${dominant};`);
    } else {
      const v = c.g.temp();
      c.g.emit(`  ${v} = ${c.g.valueOf(result)};`);
      c.g.emit(`  if (${v} !== ${kind === 'and' ? 'true' : 'false'}) ${r} = ${v};`);
      nullable = true;
    }
    c.g.emit('}');
  }
  return { code: r, guards: nullable ? [r] : [] };
}

/** @example compileAnd(and(a, b), c) */
export const compileAnd = (e: AndExpr, c: ExprCompiler): Operand => combine3('and', e.operands.map((o) => () => c.node(o)), c);
/** @example compileOr(or(a, b), c) */
export const compileOr = (e: OrExpr, c: ExprCompiler): Operand => combine3('or', e.operands.map((o) => () => c.node(o)), c);

/** AND/OR as a condition (NULL counts as not TRUE): `a && b`, or blocks when later operands need statements. */
export function junctionCondition(kind: 'and' | 'or', operands: readonly AndExpr['operands'][number][], c: ExprCompiler): string {
  const first = c.condition(operands[0]);
  const rest = operands.slice(1).map((o) => c.g.capture(() => c.condition(o)));
  if (rest.every((r) => r.lines.length === 0)) return `(${[first, ...rest.map((r) => r.result)].join(kind === 'and' ? ' && ' : ' || ')})`;
  const t = c.g.temp();
  c.g.emit(`${t} = ${first};`);
  for (const { lines, result } of rest) {
    c.g.emit(`if (${kind === 'and' ? '' : '!'}${t}) {`);
    c.g.emitBlock(lines);
    c.g.emit(`  ${t} = ${result};`);
    c.g.emit('}');
  }
  return t;
}

/** NOT: strict, so it keeps its operand's guards. @example compileNot(not(a), c) */
export function compileNot(e: NotExpr, c: ExprCompiler): Operand {
  const op = c.node(e.operand);
  return op.isNull ? NULL_OPERAND : { code: `!${paren(op.code)}`, guards: op.guards };
}

/** IS [NOT] NULL / TRUE / FALSE: never NULL. @example compileIs(isNull(a), c) */
export function compileIs(e: IsExpr, c: ExprCompiler): Operand {
  const op = c.node(e.operand);
  let test: string;
  if (e.test === 'null') test = op.isNull ? 'true' : op.guards.length === 0 ? 'false' : `(${nullTest(op.guards)})`;
  else test = e.test === 'true' ? trueTest(op) : falseTest(op);
  return { code: e.negated ? `!${paren(test)}` : test, guards: [] };
}

/** IS [NOT] DISTINCT FROM: NULL equals NULL; never NULL. @example compileIsDistinctFrom(isDistinctFrom(a, b), c) */
export function compileIsDistinctFrom(e: IsDistinctFromExpr, c: ExprCompiler): Operand {
  const a = c.g.atom(c.node(e.left));
  const b = c.g.atom(c.node(e.right));
  const type = e.left.type.kind === 'NULL' ? e.right.type : e.left.type;
  let distinct: string;
  if (a.isNull || b.isNull) {
    const other = a.isNull ? b : a;
    distinct = other.isNull ? 'false' : other.guards.length === 0 ? 'true' : `${other.code} !== null`;
  } else {
    const differ = `!${equalsCode(type, a.code, b.code, c.g)}`;
    const an = a.guards.length > 0;
    const bn = b.guards.length > 0;
    if (!an && !bn) distinct = differ;
    else if (an && bn) distinct = `(${a.code} === null ? ${b.code} !== null : ${b.code} === null || ${differ})`;
    else distinct = `(${(an ? a : b).code} === null || ${differ})`;
  }
  return { code: e.negated ? `!(${distinct})` : `(${distinct})`, guards: [] };
}

/** IN: literal lists become `===` chains (or a Set past 8 values); other items are checked in order. */
export function compileIn(e: InExpr, c: ExprCompiler): Operand {
  const x = c.g.atom(c.node(e.operand));
  if (x.isNull) return NULL_OPERAND;
  const type = e.operand.type;
  const literals: unknown[] = [];
  let sawNull = false;
  const others = [];
  for (const item of e.list) {
    if (item.kind !== 'literal') others.push(item);
    else if (item.value === null) sawNull = true;
    else literals.push(item.value);
  }
  let test = 'false';
  if (literals.length > 8 && isPrimitive(type)) test = `${c.g.constant(new Set(literals))}.has(${x.code})`;
  else if (literals.length > 0) test = `(${literals.map((v) => equalsCode(type, x.code, c.g.literal(v), c.g)).join(' || ')})`;
  let result: Operand;
  if (others.length === 0) {
    result = sawNull ? c.g.nullable(x.guards, `${test} ? true : null`) : { code: test, guards: x.guards };
  } else {
    const r = c.g.temp();
    c.g.emit(`${r} = ${x.guards.length === 0 ? test : `${nullTest(x.guards)} ? null : ${test}`};`);
    // Later items still run after a NULL item (a match makes it TRUE), but not once x is NULL.
    const pending = x.guards.length === 0 ? `${r} !== true` : `${r} !== true && ${x.code} !== null`;
    for (const item of others) {
      c.g.emit(`if (${pending}) {`);
      const { lines, result: op } = c.g.capture(() => c.g.atom(c.node(item)));
      c.g.emitBlock(lines);
      if (op.isNull) c.g.emit(`  ${r} = null;`);
      else if (op.guards.length === 0) c.g.emit(`  if (${equalsCode(type, x.code, op.code, c.g)}) ${r} = true;`);
      else c.g.emit(`  if (${op.code} === null) ${r} = null; else if (${equalsCode(type, x.code, op.code, c.g)}) ${r} = true;`);
      c.g.emit('}');
    }
    // A NULL item that did not match leaves NULL, even when a later item was compared.
    if (sawNull) c.g.emit(`if (${r} === false) ${r} = null;`);
    result = { code: r, guards: [r] };
  }
  return e.negated ? { code: `!${paren(result.code)}`, guards: result.guards } : result;
}

/** BETWEEN as (x >= low AND x <= high), three-valued; SYMMETRIC also tries the bounds swapped. */
export function compileBetween(e: BetweenExpr, c: ExprCompiler): Operand {
  const x = c.g.atom(c.node(e.operand));
  const lo = c.g.atom(c.node(e.low));
  const hi = c.g.atom(c.node(e.high));
  const type = e.operand.type;
  const cmp = (a: Operand, op: string, b: Operand): Operand =>
    (a.isNull || b.isNull ? NULL_OPERAND : { code: compareCode(type, op, a.code, b.code, c.g), guards: unionGuards([a, b]) });
  const within = (low: Operand, high: Operand): Operand => combine3('and', [() => cmp(x, '>=', low), () => cmp(x, '<=', high)], c);
  let result = within(lo, hi);
  if (e.symmetric) {
    const first = result;
    result = combine3('or', [() => first, () => within(hi, lo)], c);
  }
  return e.negated ? (result.isNull ? result : { code: `!${paren(result.code)}`, guards: result.guards }) : result;
}

/** Searched CASE: a ternary chain when no arm needs statements, nested if/else blocks otherwise. */
export function compileCase(e: CaseExpr, c: ExprCompiler): Operand {
  const arms = e.branches.map((b) => ({ when: c.g.capture(() => c.condition(b.when)), then: c.g.capture(() => c.node(b.then)) }));
  const otherwise = c.g.capture(() => c.node(e.else));
  const results = [...arms.map((a) => a.then.result), otherwise.result];
  const nullable = results.some((r) => !nonNull(r));
  const pure = otherwise.lines.length === 0 && arms.every((a) => a.when.lines.length === 0 && a.then.lines.length === 0);
  if (pure) {
    const code = arms.reduceRight((acc, a) => `${a.when.result} ? ${c.g.valueOf(a.then.result)} : ${acc}`, c.g.valueOf(otherwise.result));
    return nullable ? c.g.nullable([], code) : { code: `(${code})`, guards: [] };
  }
  const r = c.g.temp();
  const armLines = (i: number): string[] => {
    if (i === arms.length) return [...otherwise.lines, `${r} = ${c.g.valueOf(otherwise.result)};`];
    const { when, then } = arms[i];
    return [
      ...when.lines,
      `if (${when.result}) {`,
      ...[...then.lines, `${r} = ${c.g.valueOf(then.result)};`].map((l) => `  ${l}`),
      '} else {',
      ...armLines(i + 1).map((l) => `  ${l}`),
      '}',
    ];
  };
  for (const line of armLines(0)) c.g.emit(line);
  return { code: r, guards: nullable ? [r] : [] };
}
