import type { Expr } from '../ast/expressions.ts';
import type { Query } from '../ast/queries.ts';
import type { Statement } from '../ast/statements.ts';
import type { DataType } from '../ast/types.ts';
import { parseDataType as parseDataTypeAt } from './data-types.ts';
import { parseExpr } from './expressions.ts';
import { Cursor } from './parser-base.ts';
import { parseQuery as parseQueryAt } from './queries.ts';
import { parseStatementAt } from './statements.ts';

/**
 * Parses exactly one statement (a trailing `;` is allowed).
 *
 * @example
 * const stmt = parseStatement("CREATE TABLE t (a INT) WITH ('connector' = 'datagen')");
 * stmt.kind // 'CreateTable'
 */
export function parseStatement(sql: string): Statement {
  const c = new Cursor(sql);
  const statement = parseStatementAt(c);
  c.acceptSymbol(';');
  expectEnd(c, ["';'"]);
  return statement;
}

/**
 * Parses a script: statements separated by `;` (semicolons inside strings, comments and
 * statement sets do not split). Empty statements are skipped.
 *
 * @example
 * parseScript("CREATE TABLE t (a INT) WITH ('connector' = 'datagen'); SELECT a FROM t;").length // 2
 */
export function parseScript(sql: string): Statement[] {
  const c = new Cursor(sql);
  const statements: Statement[] = [];
  for (;;) {
    while (c.acceptSymbol(';'));
    if (c.atEnd()) return statements;
    statements.push(parseStatementAt(c));
    if (!c.atEnd() && !c.isSymbol(';')) c.fail(["';'", 'end of input']);
  }
}

/**
 * Parses one query (SELECT, VALUES, set operations, WITH …).
 *
 * @example
 * parseQuery('SELECT * FROM t WHERE a > 1').body.kind // 'Select'
 */
export function parseQuery(sql: string): Query {
  const c = new Cursor(sql);
  const query = parseQueryAt(c);
  expectEnd(c, []);
  return query;
}

/**
 * Parses one scalar expression.
 *
 * @example
 * parseExpression('a + 1').kind // 'Binary'
 */
export function parseExpression(sql: string): Expr {
  const c = new Cursor(sql);
  const expr = parseExpr(c);
  expectEnd(c, []);
  return expr;
}

/**
 * Parses one data type.
 *
 * @example
 * parseDataType('DECIMAL(10, 2) NOT NULL') // { kind: 'AtomicType', name: 'DECIMAL', precision: 10, scale: 2, notNull: true, … }
 */
export function parseDataType(sql: string): DataType {
  const c = new Cursor(sql);
  const type = parseDataTypeAt(c);
  expectEnd(c, []);
  return type;
}

function expectEnd(c: Cursor, alternatives: string[]): void {
  if (!c.atEnd()) c.fail([...alternatives, 'end of input']);
}
