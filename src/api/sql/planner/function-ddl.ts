import type { FunctionDescriptor } from '../../../catalog/descriptors.ts';
import type { CreateFunction, Drop } from '../ast/statements.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { loadScalarFunction } from './function-module.ts';

/** Which of Flink's three function namespaces a CREATE or DROP names. */
type FunctionScope = 'temporary system function' | 'temporary function' | 'catalog function';

const ALTERNATIVE = "write it in JavaScript or TypeScript: CREATE FUNCTION f AS 'path/to/module.ts:ExportName' [LANGUAGE TYPESCRIPT]";

/**
 * `CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] name AS 'path/to/module.ts:ExportName'
 * [LANGUAGE JAVASCRIPT | TYPESCRIPT]`: loads the export (a class with `eval` and a static
 * `returnType`, or a function with a `returnType` property; see function-module.ts) and registers it
 * in the catalog as TableEnvironment.createTemporarySystemFunction does. Without LANGUAGE the
 * implementation is JavaScript/TypeScript (Flink's default is JAVA, which needs a JVM). Every error
 * is reported at the statement.
 *
 * @example
 * createFunction(parseStatement("CREATE TEMPORARY FUNCTION count_char AS 'examples/udfs/text-functions.ts:CountChar'") as CreateFunction, ctx);
 */
export function createFunction(stmt: CreateFunction, ctx: PlanContext): boolean {
  const name = stmt.name[stmt.name.length - 1];
  const language = stmt.language ?? 'JAVASCRIPT';
  if (language === 'JAVA' || language === 'SCALA') {
    throw fail(stmt.pos, ctx.source, `function '${name}': LANGUAGE ${language} needs a JVM, which Sluice does not have; ${ALTERNATIVE}`);
  }
  if (language === 'PYTHON') throw fail(stmt.pos, ctx.source, `function '${name}': LANGUAGE PYTHON needs a Python interpreter, which Sluice does not have; ${ALTERNATIVE}`);
  if (language === 'SQL') throw fail(stmt.pos, ctx.source, `function '${name}': LANGUAGE SQL functions are not supported; ${ALTERNATIVE}`);
  if (stmt.jars.length > 0) throw fail(stmt.pos, ctx.source, `function '${name}': USING JAR needs a JVM, which Sluice does not have; ${ALTERNATIVE}`);
  if (stmt.system && stmt.name.length > 1) {
    throw fail(stmt.pos, ctx.source, `a temporary system function belongs to no catalog or database: name it '${name}', not '${stmt.name.join('.')}'`);
  }
  // A qualifier must name this catalog and database (the catalog says which ones exist).
  const existing = at(stmt.pos, ctx.source, () => ctx.catalog.getFunction(stmt.name));
  if (existing !== undefined && stmt.ifNotExists) return false;
  const implementation = at(stmt.pos, ctx.source, () => loadScalarFunction(name, stmt.className));
  return at(stmt.pos, ctx.source, () => ctx.catalog.createFunction({
    name, implementation, language: language.toLowerCase(), reference: stmt.className,
    ...(stmt.temporary ? { temporary: true } : {}), ...(stmt.system ? { system: true } : {}),
  }, { ifNotExists: stmt.ifNotExists }));
}

/**
 * `DROP [TEMPORARY [SYSTEM]] FUNCTION [IF EXISTS] name`. As in Flink, the statement names the kind
 * of function it drops: DROP FUNCTION does not drop a temporary one (and the other way round); a
 * function of another kind counts as not there, and the error says which DROP would remove it.
 *
 * @example
 * dropFunction(parseStatement('DROP TEMPORARY FUNCTION IF EXISTS count_char') as Drop, ctx) // false when there was none
 */
export function dropFunction(stmt: Drop, ctx: PlanContext): boolean {
  return at(stmt.pos, ctx.source, () => {
    const wanted: FunctionScope = stmt.system ? 'temporary system function' : stmt.temporary ? 'temporary function' : 'catalog function';
    const existing = ctx.catalog.getFunction(stmt.name);
    if (existing !== undefined && scopeOf(existing) !== wanted) {
      if (stmt.ifExists) return false;
      const actual = scopeOf(existing);
      throw fail(stmt.pos, ctx.source, `${wanted} '${stmt.name.join('.')}' not found: '${existing.name}' is a ${actual}; drop it with ${dropSyntax(actual)} ${existing.name}`);
    }
    return ctx.catalog.dropFunction(stmt.name, { ifExists: stmt.ifExists });
  });
}

function scopeOf(fn: FunctionDescriptor): FunctionScope {
  return fn.system ? 'temporary system function' : fn.temporary ? 'temporary function' : 'catalog function';
}

function dropSyntax(scope: FunctionScope): string {
  return scope === 'temporary system function' ? 'DROP TEMPORARY SYSTEM FUNCTION' : scope === 'temporary function' ? 'DROP TEMPORARY FUNCTION' : 'DROP FUNCTION';
}
