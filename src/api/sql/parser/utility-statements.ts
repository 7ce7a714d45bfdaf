import type {
  Describe, Explain, ExplainDetail, ResetStatement, SetStatement, Show, ShowCreate, ShowObject, Use,
} from '../ast/statements.ts';
import type { Cursor } from './parser-base.ts';
import { parseStatementAt } from './statements.ts';

const EXPLAIN_DETAILS: readonly ExplainDetail[] = ['ESTIMATED_COST', 'CHANGELOG_MODE', 'JSON_EXECUTION_PLAN', 'PLAN_ADVICE'];
/** SHOW objects, longest spelling first so `USER FUNCTIONS` wins over nothing. */
const SHOW_OBJECTS: readonly ShowObject[] = [
  'USER FUNCTIONS', 'FULL MODULES', 'CURRENT CATALOG', 'CURRENT DATABASE',
  'TABLES', 'VIEWS', 'FUNCTIONS', 'CATALOGS', 'DATABASES', 'MODULES', 'JARS',
];
const SHOW_FILTERABLE = new Set<ShowObject>(['TABLES', 'VIEWS', 'FUNCTIONS', 'USER FUNCTIONS', 'DATABASES']);

/**
 * `SET` (list) or `SET 'key' = 'value'`.
 *
 * @example
 * parseSet(new Cursor("SET 'table.exec.state.ttl' = '1 h'"))
 */
export function parseSet(c: Cursor): SetStatement {
  const pos = c.expectWords('SET').pos;
  if (c.peek().kind !== 'string') return { kind: 'Set', pos };
  const keyPos = c.pos();
  const key = c.string();
  c.expectSymbol('=');
  return { kind: 'Set', property: { key, value: c.string("a quoted value ('…')"), pos: keyPos }, pos };
}

/**
 * `RESET` (all) or `RESET 'key'`.
 *
 * @example
 * parseReset(new Cursor("RESET 'parallelism.default'"))
 */
export function parseReset(c: Cursor): ResetStatement {
  const pos = c.expectWords('RESET').pos;
  if (c.peek().kind !== 'string') return { kind: 'Reset', pos };
  return { kind: 'Reset', key: c.string(), pos };
}

/**
 * `SHOW TABLES [FROM|IN db] [[NOT] LIKE 'p']`, `SHOW CATALOGS`, `SHOW CREATE TABLE t`, …
 *
 * @example
 * parseShow(new Cursor("SHOW TABLES LIKE 'trade%'"))
 */
export function parseShow(c: Cursor): Show | ShowCreate {
  const pos = c.expectWords('SHOW').pos;
  if (c.acceptWords('CREATE')) {
    const object = c.acceptWords('TABLE') ? 'TABLE' : c.acceptWords('VIEW') ? 'VIEW' : c.fail(["'TABLE'", "'VIEW'"]);
    return { kind: 'ShowCreate', object, name: c.compoundName(), pos };
  }
  const object = SHOW_OBJECTS.find((o) => c.acceptWords(...o.split(' ')));
  if (object === undefined) c.fail(SHOW_OBJECTS.map((o) => `'${o}'`));
  if (!SHOW_FILTERABLE.has(object)) return { kind: 'Show', object, pos };
  const from = c.acceptWords('FROM') || c.acceptWords('IN') ? c.compoundName() : undefined;
  let like: Show['like'];
  const negated = c.acceptWords('NOT');
  if (c.acceptWords('LIKE')) like = { pattern: c.string('a LIKE pattern'), negated };
  else if (negated) c.fail(["'LIKE'"]);
  return { kind: 'Show', object, ...(from && { from }), ...(like && { like }), pos };
}

/**
 * `DESCRIBE [EXTENDED] name` or `DESC name`.
 *
 * @example
 * parseDescribe(new Cursor('DESC trades'))
 */
export function parseDescribe(c: Cursor): Describe {
  const pos = c.next().pos;
  const extended = c.acceptWords('EXTENDED');
  return { kind: 'Describe', name: c.compoundName('a table name'), extended, pos };
}

/**
 * `EXPLAIN [PLAN FOR | detail, …] statement`.
 *
 * @example
 * parseExplain(new Cursor('EXPLAIN CHANGELOG_MODE SELECT * FROM t'))
 */
export function parseExplain(c: Cursor): Explain {
  const pos = c.expectWords('EXPLAIN').pos;
  const planFor = c.acceptWords('PLAN', 'FOR');
  const details: ExplainDetail[] = [];
  if (!planFor) {
    for (;;) {
      const t = c.peek();
      const detail = EXPLAIN_DETAILS.find((d) => t.kind === 'word' && t.upper === d);
      if (detail === undefined) break;
      c.next();
      details.push(detail);
      if (!c.acceptSymbol(',')) break;
    }
  }
  return { kind: 'Explain', planFor, details, statement: parseStatementAt(c), pos };
}

/**
 * `USE [CATALOG] name`.
 *
 * @example
 * parseUse(new Cursor('USE CATALOG my_catalog'))
 */
export function parseUse(c: Cursor): Use {
  const pos = c.expectWords('USE').pos;
  const catalog = c.acceptWords('CATALOG');
  return { kind: 'Use', catalog, name: c.compoundName(catalog ? 'a catalog name' : 'a database name'), pos };
}
