import { ExprTypeError } from '../../plan/expr/errors.ts';
import type { CallExpr, Expr } from '../../plan/expr/expr.ts';
import { NULL_OPERAND, nullTest, unionGuards, type Operand } from './codegen.ts';
import { custom, literalArg, strict, type CallEmitter, type ExprCompiler } from './compiler.ts';
import { JSON_EMPTY, JsonPathError, parseJsonPath } from './json-path.ts';
import { jsonScalarConverter } from './runtime-json-path.ts';

/**
 * Code for JSON_VALUE, JSON_QUERY and JSON_EXISTS (argument layout in
 * src/plan/expr/functions-json-path.ts). A literal path is parsed once, at compile time. The lookup
 * gives the result, JSON_EMPTY or a JsonPathError; then the ON EMPTY and ON ERROR clauses run:
 *
 *     r = h_jsonValueOf(f0, k0, k1);
 *     if (r === k2) { try { r = <DEFAULT value>; } catch (e) { r = h_jsonDefaultFailed(e); } }
 *     if (r instanceof k3) { r = null; }
 *
 * A DEFAULT value is evaluated only when its clause applies; one that fails ON EMPTY falls through
 * to ON ERROR, as Flink documents.
 *
 * @example
 * import type { CustomEmitter } from './compiler.ts';
 * const emitter = JSON_PATH_EMITTERS.JSON_VALUE as CustomEmitter;
 * emitter.emit(call, compiler)
 */

/** The path argument as a compiled path: a constant when literal, a cached parse otherwise. */
function pathCode(call: CallExpr, path: Operand, c: ExprCompiler): string {
  const literal = literalArg(call, 1);
  if (typeof literal !== 'string') return `${c.g.helper('cachedJsonPath')}(${path.code})`;
  try {
    return c.g.constant(parseJsonPath(literal));
  } catch (e) {
    throw new ExprTypeError(`${call.name}: ${(e as Error).message}`);
  }
}

/** Statements that replace `r` (the lookup's outcome) by what `behavior` gives for it. */
type Handler = (r: string, c: ExprCompiler) => void;

/** Evaluates the lookup into a temporary, then applies the ON EMPTY and ON ERROR handlers. */
function lookup(call: CallExpr, c: ExprCompiler, code: (json: string, path: string) => string, onEmpty: Handler, onError: Handler): Operand {
  const json = c.g.atom(c.node(call.args[0]));
  const path = c.g.atom(c.node(call.args[1]));
  if (json.isNull || path.isNull) return NULL_OPERAND;
  const guards = unionGuards([json, path]);
  const r = c.g.temp();
  c.g.emit(`${r} = ${guards.length === 0 ? '' : `${nullTest(guards)} ? null : `}${code(json.code, pathCode(call, path, c))};`);
  c.g.emit(`if (${r} === ${c.g.constant(JSON_EMPTY)}) {`);
  onEmpty(r, c);
  c.g.emit('}');
  c.g.emit(`if (${r} instanceof ${c.g.constant(JsonPathError)}) {`);
  onError(r, c);
  c.g.emit('}');
  return { code: r, guards: [r] };
}

/** `r = value;` with the value's statements inside the current block. */
function assign(r: string, value: Expr, c: ExprCompiler): void {
  const { lines, result } = c.g.capture(() => c.node(value));
  c.g.emitBlock(lines);
  c.g.emit(`  ${r} = ${c.g.valueOf(result)};`);
}

function fail(fn: string): Handler {
  return (r, c) => c.g.emit(`  ${c.g.helper('jsonFail')}(${JSON.stringify(fn)}, ${r});`);
}

const toNull: Handler = (r, c) => c.g.emit(`  ${r} = null;`);

/** JSON_VALUE's handler for NULL | ERROR | DEFAULT (`value`); DEFAULT ON EMPTY catches its failure. */
function valueHandler(behavior: unknown, value: Expr, onEmpty: boolean): Handler {
  if (behavior === 'ERROR') return fail('JSON_VALUE');
  if (behavior !== 'DEFAULT') return toNull;
  if (!onEmpty) return (r, c) => assign(r, value, c);
  return (r, c) => {
    c.g.emit('  try {');
    const { lines } = c.g.capture(() => assign(r, value, c));
    c.g.emitBlock(lines);
    c.g.emit(`  } catch (e) { ${r} = ${c.g.helper('jsonDefaultFailed')}(e); }`);
  };
}

/** JSON_QUERY's handler for NULL | ERROR | EMPTY ARRAY | EMPTY OBJECT. */
function queryHandler(behavior: unknown): Handler {
  if (behavior === 'ERROR') return fail('JSON_QUERY');
  const text = behavior === 'EMPTY ARRAY' ? '"[]"' : behavior === 'EMPTY OBJECT' ? '"{}"' : 'null';
  return (r, c) => c.g.emit(`  ${r} = ${text};`);
}

function jsonValue(call: CallExpr, c: ExprCompiler): Operand {
  const a = call.args;
  const convert = c.g.constant(jsonScalarConverter(a.length === 7 ? a[2].type : call.type));
  return lookup(
    call, c, (json, path) => `${c.g.helper('jsonValueOf')}(${json}, ${path}, ${convert})`,
    valueHandler(literalArg(call, 3), a[4], true), valueHandler(literalArg(call, 5), a[6], false),
  );
}

function jsonQuery(call: CallExpr, c: ExprCompiler): Operand {
  const wrapper = JSON.stringify(literalArg(call, 2) ?? 'WITHOUT');
  return lookup(
    call, c, (json, path) => `${c.g.helper('jsonQueryOf')}(${json}, ${path}, ${wrapper})`,
    queryHandler(literalArg(call, 3)), queryHandler(literalArg(call, 4)),
  );
}

/** The JSON path emitters by name. */
export const JSON_PATH_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  JSON_VALUE: custom(jsonValue),
  JSON_QUERY: custom(jsonQuery),
  JSON_EXISTS: strict(([json, path], call, c) => {
    const pathRef = pathCode(call, { code: path, guards: [] }, c);
    return `${c.g.helper('jsonExists')}(${json}, ${pathRef})`;
  }),
};
