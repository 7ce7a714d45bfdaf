import { MAX_LENGTH, isIntegral, type DataType } from '../../core/data-types.ts';
import { ExprEvalError, ExprTypeError } from '../../plan/expr/errors.ts';
import type { CastExpr, LikeExpr } from '../../plan/expr/expr.ts';
import { MILLIS_PER_DAY } from '../../plan/expr/time-units.ts';
import { NULL_OPERAND, unionGuards, type Operand } from './codegen.ts';
import type { ExprCompiler } from './compiler.ts';
import { buildCaster } from './casts.ts';
import { planLike, similarToRegex } from './like.ts';

/**
 * CAST and LIKE nodes. A CAST of a literal is evaluated at compile time (an impossible one, like
 * CAST('abc' AS INT), fails the compilation); conversions that are plain arithmetic are inlined and
 * the rest call a caster built once for the site. A literal LIKE pattern becomes `===`,
 * `startsWith`, `endsWith`, `includes` or a constant regex.
 *
 * @example
 * compileCast(cast(field(t, 'd'), DataTypes.TIMESTAMP(3)), c) // (f0 * 86400000)
 */

/** The inline form of a conversion, when it is plain arithmetic. */
function inlineCast(from: DataType, to: DataType): ((x: string) => string) | undefined {
  if (isIntegral(from) && isIntegral(to)) {
    if (to.kind === 'INT') return (x) => `(${x} | 0)`;
    if (to.kind === 'SMALLINT') return (x) => `(${x} << 16 >> 16)`;
    if (to.kind === 'TINYINT') return (x) => `(${x} << 24 >> 24)`;
  }
  if (isIntegral(from) && to.kind === 'VARCHAR' && to.length === MAX_LENGTH) return (x) => `("" + ${x})`;
  if (from.kind === 'DATE' && (to.kind === 'TIMESTAMP' || to.kind === 'TIMESTAMP_LTZ')) return (x) => `(${x} * ${MILLIS_PER_DAY})`;
  return undefined;
}

/** @example compileCast(tryCast, c) */
export function compileCast(e: CastExpr, c: ExprCompiler): Operand {
  const from = e.operand.type;
  const to = e.type;
  const caster = buildCaster(from, to, e.try);
  if (e.operand.kind === 'literal') {
    if (e.operand.value === null) return NULL_OPERAND;
    let value: unknown;
    try {
      value = caster === undefined ? e.operand.value : caster(e.operand.value);
    } catch (err) {
      if (err instanceof ExprEvalError) throw new ExprTypeError(err.message);
      throw err;
    }
    return value === null ? NULL_OPERAND : { code: c.g.literal(value), guards: [] };
  }
  const op = c.node(e.operand);
  if (op.isNull || caster === undefined) return op;
  const inline = inlineCast(from, to);
  const code = inline !== undefined ? inline(op.code) : `${c.g.constant(caster)}(${op.code})`;
  // TRY_CAST gives NULL on failure; a value too large for a DECIMAL is NULL even for CAST.
  return e.try || to.kind === 'DECIMAL' ? c.g.nullable(op.guards, code) : { code, guards: op.guards };
}

/** @example compileLike(like(field(t, 's'), stringLiteral('AA%')), c) // f0.startsWith("AA") */
export function compileLike(e: LikeExpr, c: ExprCompiler): Operand {
  const x = c.node(e.operand);
  const pattern = e.pattern.kind === 'literal' ? e.pattern.value : undefined;
  const escape = e.escape === undefined ? null : e.escape.kind === 'literal' ? e.escape.value : undefined;
  if (x.isNull || pattern === null || (e.escape !== undefined && escape === null)) return NULL_OPERAND;
  let code: string;
  let guards: readonly string[];
  if (typeof pattern === 'string' && (escape === null || typeof escape === 'string')) {
    code = literalPatternCode(e, x.code, pattern, escape, c);
    guards = x.guards;
  } else {
    const p = c.node(e.pattern);
    const esc = e.escape === undefined ? undefined : c.node(e.escape);
    const ops = esc === undefined ? [x, p] : [x, p, esc];
    if (ops.some((o) => o.isNull)) return NULL_OPERAND;
    code = `${c.g.helper(e.similar ? 'similarTest' : 'likeTest')}(${x.code}, ${p.code}, ${esc === undefined ? 'null' : esc.code})`;
    guards = unionGuards(ops);
  }
  return { code: e.negated ? `!(${code})` : code, guards };
}

function literalPatternCode(e: LikeExpr, x: string, pattern: string, escape: string | null, c: ExprCompiler): string {
  try {
    if (e.similar) return `${c.g.constant(similarToRegex(pattern, escape))}.test(${x})`;
    const plan = planLike(pattern, escape);
    switch (plan.kind) {
      case 'equals': return `(${x} === ${JSON.stringify(plan.text)})`;
      case 'startsWith': case 'endsWith': case 'includes': return `${x}.${plan.kind}(${JSON.stringify(plan.text)})`;
      case 'any': return 'true';
      case 'regex': return `${c.g.constant(plan.regex)}.test(${x})`;
    }
  } catch (err) {
    if (err instanceof ExprEvalError) throw new ExprTypeError(err.message);
    throw err;
  }
}
