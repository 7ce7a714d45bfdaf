/**
 * Loading the JavaScript/TypeScript implementation `CREATE FUNCTION name AS 'module.ts:Export'` names.
 *
 * Flink's CREATE FUNCTION names a JVM class; Sluice names a module and one of its exports, shaped
 * like Flink's ScalarFunction: a class with an `eval(...args)` method (instantiated once, when the
 * statement runs) and a static `returnType`, or a plain function with a `returnType` property. The
 * return type is a SQL type string ('INT', 'STRING', 'DECIMAL(10, 2)', 'ARRAY<STRING>').
 *
 * The module path resolves against the process's working directory (where `sluice run` or the
 * program was started), not against the SQL script's folder: a script and the program that runs it
 * see the same path. executeSql is synchronous, so the module is loaded synchronously (Node's
 * `require` of an ES module, .ts included); a module with top-level await cannot be loaded this way.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { DataType } from '../../../core/data-types.ts';
import { SluiceError } from '../../../core/errors.ts';
import { parseDataType } from '../parser/index.ts';
import type { ScalarFunctionImplementation } from './context.ts';
import { toDataType } from './data-types.ts';

/** A function module that cannot be loaded or does not have the expected shape; names the function and the path. */
export class FunctionModuleError extends SluiceError {}

/** `'path/to/module.ts:ExportName'` split; the export defaults to `default`. */
export interface FunctionReference {
  readonly path: string;
  readonly exportName: string;
}

const requireModule = createRequire(import.meta.url);
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const MODULE_EXTENSION = /\.(?:[cm]?[jt]s)$/;

/**
 * Splits a function reference at its last ':' when what follows is an identifier (so a Windows
 * drive letter `C:\…` stays in the path).
 *
 * @example
 * functionReference('examples/udfs/text-functions.ts:CountChar') // { path: 'examples/udfs/text-functions.ts', exportName: 'CountChar' }
 * functionReference('udfs/mask.ts') // { path: 'udfs/mask.ts', exportName: 'default' }
 */
export function functionReference(reference: string): FunctionReference {
  const colon = reference.lastIndexOf(':');
  if (colon > 0 && IDENTIFIER.test(reference.slice(colon + 1))) {
    return { path: reference.slice(0, colon), exportName: reference.slice(colon + 1) };
  }
  return { path: reference, exportName: 'default' };
}

/**
 * Loads the scalar function `reference` names for the SQL function `name`: the module (resolved
 * against `cwd`, default the process's working directory), the export, its `eval` and `returnType`.
 * An instance method `isDeterministic()` (as in Flink) or a `deterministic` property set to false
 * marks a function whose result may differ for the same arguments.
 *
 * @example
 * const impl = loadScalarFunction('count_char', 'examples/udfs/text-functions.ts:CountChar');
 * impl.fn('hello', 'l') // 2
 * impl.returnType // BIGINT
 */
export function loadScalarFunction(name: string, reference: string, cwd: string = process.cwd()): ScalarFunctionImplementation {
  const { path, exportName } = functionReference(reference);
  const where = `function '${name}' ('${reference}')`;
  const absolute = resolve(cwd, path);
  if (!existsSync(absolute)) {
    const javaHint = !MODULE_EXTENSION.test(path) && /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(path)
      ? `; '${path}' looks like a JVM class name, but Sluice runs JavaScript/TypeScript functions: AS 'path/to/module.ts:ExportName'`
      : '';
    throw new FunctionModuleError(`${where}: module not found: ${absolute} (module paths resolve against the working directory ${cwd})${javaHint}`);
  }
  const exports = loadModule(absolute, where);
  if (!(exportName in exports)) {
    const names = Object.keys(exports).filter((k) => k !== '__esModule' && k !== 'module.exports');
    const implicit = exportName === 'default' && !reference.endsWith(':default') ? " (no ':ExportName' given, so the default export)" : '';
    throw new FunctionModuleError(`${where}: module ${absolute} has no export '${exportName}'${implicit}; ${names.length === 0 ? 'it exports nothing' : `it exports: ${names.join(', ')}`}`);
  }
  return implementationOf(exports[exportName], `${where}: export '${exportName}'`);
}

function loadModule(absolute: string, where: string): Record<string, unknown> {
  try {
    const loaded: unknown = requireModule(absolute);
    return (typeof loaded === 'object' || typeof loaded === 'function') && loaded !== null ? loaded as Record<string, unknown> : { default: loaded };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const reason = code === 'ERR_REQUIRE_ASYNC_MODULE'
      ? 'it uses top-level await, and CREATE FUNCTION loads modules synchronously'
      : (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new FunctionModuleError(`${where}: could not load module ${absolute}: ${reason}`, { cause: e });
  }
}

/** The callable, return type and determinism of an export: a class with eval, a function, or an object with eval. */
function implementationOf(value: unknown, where: string): ScalarFunctionImplementation {
  if (typeof value === 'function') {
    const prototype = (value as { prototype?: { eval?: unknown } }).prototype;
    if (typeof prototype?.eval === 'function') {
      const instance = construct(value as new () => { eval: (...args: unknown[]) => unknown }, where);
      return withReturnType(instance.eval.bind(instance), (value as { returnType?: unknown }).returnType, deterministic(instance), where, 'static returnType');
    }
    if (/^class\b/.test(Function.prototype.toString.call(value))) {
      throw new FunctionModuleError(`${where}: class ${value.name || '(anonymous)'} has no eval(...) method (Flink's ScalarFunction shape: class F { static returnType = 'INT'; eval(x) { … } })`);
    }
    return withReturnType(value as (...args: unknown[]) => unknown, (value as { returnType?: unknown }).returnType, deterministic(value), where, 'returnType property');
  }
  if (typeof value === 'object' && value !== null && typeof (value as { eval?: unknown }).eval === 'function') {
    const object = value as { eval: (...args: unknown[]) => unknown; returnType?: unknown };
    return withReturnType(object.eval.bind(object), object.returnType, deterministic(object), where, 'returnType property');
  }
  throw new FunctionModuleError(`${where}: is ${value === null ? 'null' : typeof value}, not a function or a class with an eval(...) method`);
}

function construct<T>(ctor: new () => T, where: string): T {
  try {
    return new ctor();
  } catch (e) {
    throw new FunctionModuleError(`${where}: the constructor failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

function deterministic(target: object): boolean {
  const isDeterministic = (target as { isDeterministic?: unknown }).isDeterministic;
  if (typeof isDeterministic === 'function') return isDeterministic.call(target) !== false;
  return (target as { deterministic?: unknown }).deterministic !== false;
}

function withReturnType(fn: (...args: unknown[]) => unknown, declared: unknown, isDeterministic: boolean, where: string, form: string): ScalarFunctionImplementation {
  return { fn, returnType: returnTypeOf(declared, where, form), deterministic: isDeterministic };
}

function returnTypeOf(declared: unknown, where: string, form: string): DataType {
  if (declared === undefined) throw new FunctionModuleError(`${where}: has no returnType; declare one as a ${form}, a SQL type such as 'INT' or 'STRING'`);
  if (typeof declared !== 'string') {
    if (typeof declared === 'object' && declared !== null && typeof (declared as { kind?: unknown }).kind === 'string') return declared as DataType;
    throw new FunctionModuleError(`${where}: returnType must be a SQL type string such as 'INT' or 'STRING', got ${typeof declared}`);
  }
  try {
    return toDataType(parseDataType(declared));
  } catch (e) {
    const problem = (e as { problem?: unknown }).problem ?? (e instanceof Error ? e.message.split('\n')[0] : String(e));
    throw new FunctionModuleError(`${where}: bad returnType '${declared}': ${problem}`, { cause: e });
  }
}
