import { isInterval, type DataType } from '../../core/data-types.ts';
import type { CallExpr } from '../../plan/expr/expr.ts';
import { MILLIS_PER_DAY } from '../../plan/expr/time-units.ts';
import type { CodeGen } from './codegen.ts';
import { argType, compareCode, equalsCode, strict, type CallEmitter } from './compiler.ts';

/**
 * Code for the operators, chosen by the resolved types so each is one JavaScript expression:
 * INT arithmetic wraps at 32 bits like Java (`| 0`, `Math.imul`), TINYINT/SMALLINT wrap at 8/16 bits,
 * BIGINT and floating point use plain doubles, DECIMAL results are rounded HALF_UP to their scale,
 * integer division truncates toward zero and fails on zero, floating division follows IEEE
 * (1.0 / 0 = Infinity). Temporal arithmetic adds milliseconds, days or calendar months.
 *
 * @example
 * OPERATOR_EMITTERS['+'] // INT + INT → `((a + b) | 0)`
 */

const WRAP: Partial<Record<DataType['kind'], (code: string) => string>> = {
  INT: (c) => `(${c} | 0)`,
  SMALLINT: (c) => `(${c} << 16 >> 16)`,
  TINYINT: (c) => `(${c} << 24 >> 24)`,
};

/** Wraps an integer result to its type's width; rounds a DECIMAL result to its scale. */
function fit(type: DataType, code: string, g: CodeGen): string {
  if (type.kind === 'DECIMAL') return `${g.helper('roundDecimal')}(${code}, ${type.scale})`;
  const wrap = WRAP[type.kind];
  return wrap === undefined ? `(${code})` : wrap(code);
}

/** temporal ± interval (`sign` is '+' or '-'); the interval is argument `i`. */
function shift(t: DataType, i: DataType, tc: string, ic: string, sign: '+' | '-', g: CodeGen): string {
  const delta = sign === '+' ? ic : `(-(${ic}))`;
  if (i.kind === 'INTERVAL_YEAR_MONTH') {
    return `${g.helper(t.kind === 'DATE' ? 'addMonthsToDays' : 'addMonthsToMillis')}(${tc}, ${delta})`;
  }
  if (t.kind === 'DATE') return `(${tc} ${sign} Math.trunc(${ic} / ${MILLIS_PER_DAY}))`;
  if (t.kind === 'TIME') return `${g.helper('addTime')}(${tc}, ${delta})`;
  return `(${tc} ${sign} ${ic})`;
}

function plus([a, b]: readonly string[], call: CallExpr, g: CodeGen): string {
  const [ta, tb] = [argType(call, 0), argType(call, 1)];
  if (isInterval(tb) && !isInterval(ta)) return shift(ta, tb, a, b, '+', g);
  if (isInterval(ta) && !isInterval(tb)) return shift(tb, ta, b, a, '+', g);
  return fit(call.type, `${a} + ${b}`, g);
}

function minus(args: readonly string[], call: CallExpr, g: CodeGen): string {
  if (args.length === 1) return fit(call.type, `-(${args[0]})`, g);
  const [a, b] = args;
  const [ta, tb] = [argType(call, 0), argType(call, 1)];
  if (isInterval(tb) && !isInterval(ta)) return shift(ta, tb, a, b, '-', g);
  return fit(call.type, `${a} - ${b}`, g);
}

function times([a, b]: readonly string[], call: CallExpr, g: CodeGen): string {
  const t = call.type;
  if (isInterval(t)) return `Math.round(${a} * ${b})`;
  if (t.kind === 'INT') return `Math.imul(${a}, ${b})`;
  if (t.kind === 'SMALLINT' || t.kind === 'TINYINT') return fit(t, `Math.imul(${a}, ${b})`, g);
  return fit(t, `${a} * ${b}`, g);
}

function divide([a, b]: readonly string[], call: CallExpr, g: CodeGen): string {
  const t = call.type;
  switch (t.kind) {
    case 'INT': return `${g.helper('divInt')}(${a}, ${b})`;
    case 'SMALLINT': case 'TINYINT': return fit(t, `${g.helper('divInt')}(${a}, ${b})`, g);
    case 'BIGINT': return `${g.helper('divLong')}(${a}, ${b})`;
    case 'DECIMAL': return `${g.helper('divDecimal')}(${a}, ${b}, ${t.scale})`;
    case 'INTERVAL_DAY_TIME': case 'INTERVAL_YEAR_MONTH': return `Math.round(${a} / ${b})`;
    default: return `(${a} / ${b})`;
  }
}

function remainder([a, b]: readonly string[], call: CallExpr, g: CodeGen): string {
  const t = call.type;
  if (t.kind === 'FLOAT' || t.kind === 'DOUBLE') return `(${a} % ${b})`;
  return t.kind === 'DECIMAL' ? fit(t, `${g.helper('modExact')}(${a}, ${b})`, g) : `${g.helper('modExact')}(${a}, ${b})`;
}

const compare = (op: string) => strict(([a, b], call, c) => compareCode(argType(call, 0), op, a, b, c.g));

/** The operator emitters by name. */
export const OPERATOR_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  '+': strict((args, call, c) => plus(args, call, c.g)),
  '-': strict((args, call, c) => minus(args, call, c.g)),
  '*': strict((args, call, c) => times(args, call, c.g)),
  '/': strict((args, call, c) => divide(args, call, c.g)),
  '%': strict((args, call, c) => remainder(args, call, c.g)),
  MOD: strict((args, call, c) => remainder(args, call, c.g)),
  '=': strict(([a, b], call, c) => equalsCode(argType(call, 0), a, b, c.g)),
  '<>': strict(([a, b], call, c) => `!${equalsCode(argType(call, 0), a, b, c.g)}`),
  '<': compare('<'),
  '<=': compare('<='),
  '>': compare('>'),
  '>=': compare('>='),
  '||': strict(([a, b]) => `(${a} + ${b})`),
};
