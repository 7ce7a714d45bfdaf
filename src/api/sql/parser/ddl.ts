import type { SourcePos } from '../ast/node.ts';
import type { CreateFunction, CreateView, Drop, Statement } from '../ast/statements.ts';
import { parseCreateTable } from './create-table.ts';
import type { Cursor } from './parser-base.ts';
import { parseQuery } from './queries.ts';

const LANGUAGES = ['JAVA', 'SCALA', 'PYTHON', 'SQL', 'JAVASCRIPT', 'TYPESCRIPT'] as const;

/**
 * `CREATE [TEMPORARY [SYSTEM]] TABLE | VIEW | FUNCTION …`, entered on CREATE.
 *
 * @example
 * parseCreate(new Cursor("CREATE TEMPORARY FUNCTION f AS 'com.acme.F' LANGUAGE JAVA"))
 */
export function parseCreate(c: Cursor): Statement {
  const pos = c.expectWords('CREATE').pos;
  const temporary = c.acceptWords('TEMPORARY');
  const system = temporary && c.acceptWords('SYSTEM');
  if (!system && c.acceptWords('TABLE')) return parseCreateTable(c, pos, temporary);
  if (!system && c.acceptWords('VIEW')) return parseCreateView(c, pos, temporary);
  if (c.acceptWords('FUNCTION')) return parseCreateFunction(c, pos, temporary, system);
  return c.fail(system ? ["'FUNCTION'"] : ["'TABLE'", "'VIEW'", "'FUNCTION'"]);
}

function parseCreateView(c: Cursor, pos: SourcePos, temporary: boolean): CreateView {
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = c.compoundName('a view name');
  const columns = c.isSymbol('(') ? c.parenthesisedNames() : undefined;
  const comment = c.acceptWords('COMMENT') ? c.string('a comment string') : undefined;
  c.expectWords('AS');
  const query = parseQuery(c);
  return { kind: 'CreateView', name, temporary, ifNotExists, ...(columns && { columns }), ...(comment !== undefined && { comment }), query, pos };
}

function parseCreateFunction(c: Cursor, pos: SourcePos, temporary: boolean, system: boolean): CreateFunction {
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = c.compoundName('a function name');
  c.expectWords('AS');
  const className = c.string("the implementation ('path/to/module.ts:ExportName')");
  let language: CreateFunction['language'];
  if (c.acceptWords('LANGUAGE')) {
    const t = c.peek();
    language = LANGUAGES.find((l) => t.kind === 'word' && t.upper === l);
    if (language === undefined) c.fail(LANGUAGES.map((l) => `'${l}'`));
    c.next();
  }
  const jars: string[] = [];
  if (c.acceptWords('USING')) {
    do {
      c.expectWords('JAR');
      jars.push(c.string('a jar path'));
    } while (c.acceptSymbol(','));
  }
  return { kind: 'CreateFunction', name, temporary, system, ifNotExists, className, ...(language && { language }), jars, pos };
}

/**
 * `DROP [TEMPORARY [SYSTEM]] TABLE | VIEW | FUNCTION [IF EXISTS] name`, entered on DROP.
 *
 * @example
 * parseDrop(new Cursor('DROP TABLE IF EXISTS trades'))
 */
export function parseDrop(c: Cursor): Drop {
  const pos = c.expectWords('DROP').pos;
  const temporary = c.acceptWords('TEMPORARY');
  const system = temporary && c.acceptWords('SYSTEM');
  const t = c.peek();
  const object = (['TABLE', 'VIEW', 'FUNCTION'] as const).find((o) => t.kind === 'word' && t.upper === o);
  if (object === undefined || (system && object !== 'FUNCTION')) c.fail(system ? ["'FUNCTION'"] : ["'TABLE'", "'VIEW'", "'FUNCTION'"]);
  c.next();
  const ifExists = c.acceptWords('IF', 'EXISTS');
  const name = c.compoundName(`a ${object.toLowerCase()} name`);
  return { kind: 'Drop', object, name, temporary, system, ifExists, pos };
}
