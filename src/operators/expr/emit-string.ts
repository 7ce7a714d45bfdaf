import { ExprTypeError } from '../../plan/expr/errors.ts';
import type { CallExpr } from '../../plan/expr/expr.ts';
import { literalArg, strict, custom, type CallEmitter, type ExprCompiler } from './compiler.ts';
import { compileRegex } from './runtime-string.ts';

/**
 * Code for the string functions: JavaScript string methods inline where they match SQL (UPPER,
 * CHAR_LENGTH, POSITION, `||`), helpers for the rest. A literal regex is compiled once here and
 * becomes a constant of the generated function; an invalid literal regex is a compile-time error.
 *
 * @example
 * STRING_EMITTERS.UPPER // `s.toUpperCase()`
 */

/** A regex argument: a compiled constant for a literal, a cached lookup otherwise. */
function regexArg(call: CallExpr, args: readonly string[], i: number, flags: string, c: ExprCompiler): string {
  const pattern = literalArg(call, i);
  if (typeof pattern !== 'string') return `${c.g.helper('cachedRegex')}(${args[i]}, ${JSON.stringify(flags)})`;
  try {
    return c.g.constant(compileRegex(pattern, flags));
  } catch (e) {
    throw new ExprTypeError(`${call.name}: invalid regular expression '${pattern}' (${(e as Error).message})`);
  }
}

const helperCall = (name: Parameters<ExprCompiler['g']['helper']>[0]) =>
  strict((args, _call, c) => `${c.g.helper(name)}(${args.join(', ')})`);

const trim = (leading: boolean, trailing: boolean) =>
  strict(([s, chars = '" "'], _call, c) => `${c.g.helper('trimChars')}(${s}, ${chars}, ${leading}, ${trailing})`);

/** The string function emitters by name. */
export const STRING_EMITTERS: Readonly<Record<string, CallEmitter>> = {
  UPPER: strict(([s]) => `${s}.toUpperCase()`),
  LOWER: strict(([s]) => `${s}.toLowerCase()`),
  INITCAP: helperCall('initcap'),
  REVERSE: helperCall('reverse'),
  TRIM: trim(true, true),
  LTRIM: trim(true, false),
  RTRIM: trim(false, true),
  SUBSTRING: helperCall('substring'),
  OVERLAY: helperCall('overlay'),
  LEFT: helperCall('left'),
  RIGHT: helperCall('right'),
  CONCAT: strict((args) => (args.length === 1 ? args[0] : `(${args.join(' + ')})`)),
  CONCAT_WS: custom((call, c) => {
    const [sep, ...parts] = call.args.map((a) => c.node(a));
    if (sep.isNull) return { code: 'null', guards: [], isNull: true };
    const code = `${c.g.helper('concatWs')}(${[sep.code, ...parts.map((p) => c.g.valueOf(p))].join(', ')})`;
    return { code, guards: sep.guards };
  }),
  CHAR_LENGTH: strict(([s]) => `${s}.length`),
  POSITION: strict(([needle, s]) => `(${s}.indexOf(${needle}) + 1)`),
  LOCATE: helperCall('locate'),
  REPLACE: helperCall('replace'),
  REGEXP_EXTRACT: strict((args, call, c) =>
    `${c.g.helper('regexpExtract')}(${args[0]}, ${regexArg(call, args, 1, '', c)}${args.length > 2 ? `, ${args[2]}` : ''})`),
  REGEXP_REPLACE: strict((args, call, c) => `${c.g.helper('regexpReplace')}(${args[0]}, ${regexArg(call, args, 1, 'g', c)}, ${args[2]})`),
  REGEXP: strict((args, call, c) => `${c.g.helper('regexpTest')}(${args[0]}, ${regexArg(call, args, 1, '', c)})`),
  SPLIT_INDEX: helperCall('splitIndex'),
  LPAD: helperCall('lpad'),
  RPAD: helperCall('rpad'),
  REPEAT: helperCall('repeat'),
  ASCII: helperCall('ascii'),
  CHR: helperCall('chr'),
};
