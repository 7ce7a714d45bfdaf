import { isNumeric } from '../../core/data-types.ts';
import type { CallExpr } from '../../plan/expr/expr.ts';
import { NULL_OPERAND, type Operand } from './codegen.ts';
import { custom, equalsCode, strict, type CallEmitter, type ExprCompiler } from './compiler.ts';
import { JSON_PATH_EMITTERS } from './emit-json-path.ts';

/**
 * Code for the null-aware functions (COALESCE and IFNULL evaluate later arguments only when needed;
 * IF is a one-branch CASE), GREATEST/LEAST, the JSON path functions (emit-json-path.ts), the
 * ROW/ARRAY/MAP constructors (one object or array literal), and the small miscellaneous functions.
 *
 * @example
 * CONDITIONAL_EMITTERS.COALESCE // t = a; if (t === null) { t = b; }
 */

function coalesce(call: CallExpr, c: ExprCompiler): Operand {
  const first = c.node(call.args[0]);
  if (!first.isNull && first.guards.length === 0) return first;
  const r = c.g.temp();
  c.g.emit(`${r} = ${c.g.valueOf(first)};`);
  let nullable = true;
  for (const arg of call.args.slice(1)) {
    c.g.emit(`if (${r} === null) {`);
    const { lines, result } = c.g.capture(() => c.node(arg));
    c.g.emitBlock(lines);
    c.g.emit(`  ${r} = ${c.g.valueOf(result)};`);
    c.g.emit('}');
    if (!result.isNull && result.guards.length === 0) {
      nullable = false;
      break;
    }
  }
  return { code: r, guards: nullable ? [r] : [] };
}

function nullif(call: CallExpr, c: ExprCompiler): Operand {
  const a = c.g.atom(c.node(call.args[0]));
  const b = c.g.atom(c.node(call.args[1]));
  if (a.isNull) return NULL_OPERAND;
  if (b.isNull) return a;
  const bPresent = b.guards.length === 0 ? '' : `${b.code} !== null && `;
  return c.g.nullable(a.guards, `${bPresent}${equalsCode(call.args[0].type, a.code, b.code, c.g)} ? null : ${a.code}`);
}

/** GREATEST/LEAST: Math.max/min for numbers, a pairwise helper otherwise. */
function extreme(kind: 'max' | 'min') {
  return strict((args, call, c) => {
    if (isNumeric(call.type)) return `Math.${kind}(${args.join(', ')})`;
    const helper = c.g.helper(kind === 'max' ? 'greatest2' : 'least2');
    return args.slice(1).reduce((acc, a) => `${helper}(${acc}, ${a})`, args[0]);
  });
}

const key = (name: string): string => (name === '__proto__' ? '["__proto__"]' : JSON.stringify(name));

/** The conditional, JSON, constructor and miscellaneous emitters by name. */
export const CONDITIONAL_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  COALESCE: custom(coalesce),
  IFNULL: custom(coalesce),
  NULLIF: custom(nullif),
  IF: custom((call, c) => c.node({ kind: 'case', branches: [{ when: call.args[0], then: call.args[1] }], else: call.args[2], type: call.type })),
  GREATEST: extreme('max'),
  LEAST: extreme('min'),
  ...JSON_PATH_EMITTERS,
  ROW: custom((call, c) => {
    const names = call.type.kind === 'ROW' ? call.type.fields.map((f) => f.name) : call.args.map((_, i) => `EXPR$${i}`);
    const values = call.args.map((a) => c.g.valueOf(c.node(a)));
    return { code: `{ ${values.map((v, i) => `${key(names[i])}: ${v}`).join(', ')} }`, guards: [] };
  }),
  NAMED_STRUCT: custom((call, c) => {
    const names = call.type.kind === 'ROW' ? call.type.fields.map((f) => f.name) : [];
    const values = call.args.filter((_, i) => i % 2 === 1).map((a) => c.g.valueOf(c.node(a)));
    return { code: `{ ${values.map((v, i) => `${key(names[i])}: ${v}`).join(', ')} }`, guards: [] };
  }),
  ARRAY: custom((call, c) => ({ code: `[${call.args.map((a) => c.g.valueOf(c.node(a))).join(', ')}]`, guards: [] })),
  MAP: custom((call, c) => ({ code: `${c.g.helper('mapOf')}(${call.args.map((a) => c.g.valueOf(c.node(a))).join(', ')})`, guards: [] })),
  CARDINALITY: strict(([x], _call, c) => `${c.g.helper('cardinality')}(${x})`),
  HASH_CODE: strict(([x], _call, c) => `${c.g.helper('hashCode')}(${x})`),
  UUID: custom((_call, c) => ({ code: `${c.g.helper('uuid')}()`, guards: [] })),
  MD5: strict(([x], _call, c) => `${c.g.helper('digest')}("md5", ${x})`),
  SHA256: strict(([x], _call, c) => `${c.g.helper('digest')}("sha256", ${x})`),
};
