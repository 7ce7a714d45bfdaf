/**
 * Fragments of Flink SQL for the SQL fuzzers: keywords, names, literals and punctuation that random
 * token sequences and mutations are made of, and the conformance cases' scripts as valid seeds.
 */
import { CASES_DIR, loadCases } from '../sql-conformance/case-files.ts';
import { fc } from './property.ts';

const KEYWORDS = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'LIMIT', 'OFFSET', 'AS', 'AND', 'OR', 'NOT', 'NULL',
  'IS', 'IN', 'BETWEEN', 'LIKE', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'CAST', 'TRY_CAST', 'INTERVAL', 'SECOND',
  'MINUTE', 'HOUR', 'DAY', 'TO', 'TABLE', 'TUMBLE', 'HOP', 'SESSION', 'CUMULATE', 'DESCRIPTOR', 'UNION', 'ALL',
  'DISTINCT', 'VALUES', 'CREATE', 'VIEW', 'WITH', 'INSERT', 'INTO', 'WATERMARK', 'FOR', 'TIMESTAMP', 'DATE',
  'INT', 'STRING', 'DOUBLE', 'DECIMAL', 'BOOLEAN', 'ARRAY', 'MAP', 'ROW', 'SET', 'EXPLAIN', 'TRUE', 'FALSE',
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'JSON_VALUE', 'RETURNING', 'DEFAULT', 'ON', 'EMPTY', 'ERROR', 'OVER',
  'PARTITION', 'FILTER', 'EXTRACT', 'TRIM', 'BOTH', 'LEADING', 'POSITION', 'SUBSTRING', 'OVERLAY', 'PLACING',
  'METADATA', 'VIRTUAL', 'PRIMARY', 'KEY', 'ENFORCED', 'LATERAL', 'JOIN', 'LEFT', 'USING', 'EXISTS', 'ESCAPE',
];
const NAMES = ['t', 'people', 'id', 'name', 'age', 'score', 'joined', 'city', 'ts', 'window_start', 'x', '`weird name`', '"q"', 'a.b', 'EXPR$0'];
const LITERALS = ['0', '1', '-1', '2.5', '1e308', '1e-400', '99999999999999999999', "'text'", "''", "'it''s'", "'2024-01-01 10:00:00'", "'1'", "X'0A'", '?'];
const PUNCTUATION = ['(', ')', ',', ';', '.', '*', '+', '-', '/', '%', '=', '<', '>', '<>', '<=', '>=', '!=', '||', '[', ']', '{', '}', ':', "'", '"', '`', '--', '/*', '*/', '\n', '$', '@'];

/** One SQL fragment: a keyword, a name, a literal or a punctuation mark. */
export const sqlFragment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...NAMES) },
  { weight: 2, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);

/** Random token sequences, mostly nonsense with SQL's shape. */
export const sqlTokenSoup: fc.Arbitrary<string> = fc.array(sqlFragment, { maxLength: 40 }).map((tokens) => tokens.join(' '));

/** The conformance cases, each a working script: the mutators' seeds. */
export const validScripts: readonly { readonly name: string; readonly sql: string }[] = loadCases(CASES_DIR).map((c) => ({ name: c.name, sql: c.sql }));
