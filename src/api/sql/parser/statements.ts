import type { Property, Insert, Statement, StatementSet } from '../ast/statements.ts';
import { parseProperties } from './create-table.ts';
import { parseCreate, parseDrop } from './ddl.ts';
import { parseHints } from './hints.ts';
import type { Cursor } from './parser-base.ts';
import { startsQuery } from './primary.ts';
import { parseQuery } from './queries.ts';
import { parseDescribe, parseExplain, parseReset, parseSet, parseShow, parseUse } from './utility-statements.ts';

/**
 * One statement, dispatched on its first keyword; a bare query is a statement too.
 *
 * @example
 * parseStatementAt(new Cursor("SET 'parallelism.default' = '2'")) // { kind: 'Set', … }
 */
export function parseStatementAt(c: Cursor): Statement {
  const t = c.peek();
  if (startsQuery(c) || c.isSymbol('(')) return parseQuery(c);
  switch (t.kind === 'word' ? t.upper : '') {
    case 'CREATE': return parseCreate(c);
    case 'DROP': return parseDrop(c);
    case 'INSERT': return parseInsert(c);
    case 'EXECUTE': return parseExecuteStatementSet(c);
    case 'BEGIN': return parseBeginStatementSet(c);
    case 'SET': return parseSet(c);
    case 'RESET': return parseReset(c);
    case 'SHOW': return parseShow(c);
    case 'DESCRIBE': case 'DESC': return parseDescribe(c);
    case 'EXPLAIN': return parseExplain(c);
    case 'USE': return parseUse(c);
    default:
      return c.fail(['a statement (SELECT, INSERT, CREATE, DROP, SET, SHOW, EXPLAIN, …)']);
  }
}

/**
 * `INSERT INTO|OVERWRITE table [hints] [PARTITION (k = 'v', …)] [(cols)] query`.
 *
 * @example
 * parseInsert(new Cursor('INSERT INTO sink SELECT * FROM src'))
 */
export function parseInsert(c: Cursor): Insert {
  const pos = c.expectWords('INSERT').pos;
  const overwrite = c.acceptWords('OVERWRITE');
  if (!overwrite && !c.acceptWords('INTO')) c.fail(["'INTO'", "'OVERWRITE'"]);
  const table = c.compoundName('a table name');
  const hints = parseHints(c);
  const partition: Property[] = c.acceptWords('PARTITION') ? parseStaticPartition(c) : [];
  // `(` starts a column list unless it opens the query itself: `INSERT INTO t (SELECT …)`.
  const columns = c.isSymbol('(') && !startsQuery(c, 1) && !c.isSymbol('(', 1) ? c.parenthesisedNames() : undefined;
  const query = parseQuery(c);
  return { kind: 'Insert', overwrite, table, hints, partition, ...(columns && { columns }), query, pos };
}

/** `(k = 'v', …)`: keys are column names, values literals kept as their text. */
function parseStaticPartition(c: Cursor): Property[] {
  if (c.peek(1).kind === 'string') return parseProperties(c);
  c.expectSymbol('(');
  const props: Property[] = [];
  do {
    const pos = c.pos();
    const key = c.identifier('a partition column');
    c.expectSymbol('=');
    const v = c.peek();
    if (v.kind !== 'string' && v.kind !== 'number') c.fail(['a literal']);
    c.next();
    props.push({ key, value: v.value, pos });
  } while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return props;
}

/** `EXECUTE STATEMENT SET BEGIN insert; … END`. */
function parseExecuteStatementSet(c: Cursor): StatementSet {
  const pos = c.expectWords('EXECUTE').pos;
  c.expectWords('STATEMENT', 'SET');
  c.expectWords('BEGIN');
  return { kind: 'StatementSet', execute: true, inserts: parseInserts(c), pos };
}

/** The SQL client's `BEGIN STATEMENT SET; insert; … END`. */
function parseBeginStatementSet(c: Cursor): StatementSet {
  const pos = c.expectWords('BEGIN').pos;
  c.expectWords('STATEMENT', 'SET');
  c.expectSymbol(';');
  return { kind: 'StatementSet', execute: false, inserts: parseInserts(c), pos };
}

/** `insert; insert; … END` — each INSERT ends with its own semicolon. */
function parseInserts(c: Cursor): Insert[] {
  const inserts: Insert[] = [];
  // A set needs at least one INSERT; an empty one is almost certainly a mistake.
  while (inserts.length === 0 || !c.acceptWords('END')) {
    if (!c.isWord('INSERT')) c.fail(inserts.length === 0 ? ["'INSERT'"] : ["'INSERT'", "'END'"]);
    inserts.push(parseInsert(c));
    c.expectSymbol(';');
  }
  return inserts;
}
