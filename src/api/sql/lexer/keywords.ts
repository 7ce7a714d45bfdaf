/**
 * Words the parser never reads as a bare identifier (column, table or alias name) because they
 * start or continue a clause. Everything else — `value`, `timestamp`, `date`, `key`, `window_start` —
 * may name a column without backticks, even where Flink itself would insist on them.
 *
 * @example
 * RESERVED.has('FROM') // true
 */
export const RESERVED: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'CURRENT_DATE', 'CURRENT_TIME',
  'CURRENT_TIMESTAMP', 'DISTINCT', 'ELSE', 'END', 'ESCAPE', 'EXCEPT', 'EXISTS', 'FALSE', 'FETCH',
  'FOR', 'FROM', 'FULL', 'GROUP', 'HAVING', 'IN', 'INNER', 'INTERSECT', 'IS', 'JOIN', 'LATERAL',
  'LEFT', 'LIKE', 'LIMIT', 'LOCALTIME', 'LOCALTIMESTAMP', 'MINUS', 'NATURAL', 'NOT', 'NULL',
  'OFFSET', 'ON', 'OR', 'ORDER', 'OUTER', 'OVER', 'RIGHT', 'SELECT', 'SIMILAR', 'THEN', 'TRUE',
  'UNION', 'UNKNOWN', 'UNNEST', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH',
  'TRY_CAST', 'INTERVAL',
]);

/**
 * Reserved words that are still function names when followed by `(`: `LEFT(s, 2)`.
 *
 * @example
 * CALLABLE_RESERVED.has('LEFT') // true
 */
export const CALLABLE_RESERVED: ReadonlySet<string> = new Set(['LEFT', 'RIGHT']);

/**
 * Words the printer wraps in backticks when they name a column or table, so the text it writes
 * reads the same both here and in Flink, whose parser (Calcite) reserves the SQL standard's words.
 *
 * @example
 * QUOTE_ON_PRINT.has('VALUE') // true: printed as `value`
 */
export const QUOTE_ON_PRINT: ReadonlySet<string> = new Set([
  ...RESERVED,
  'ABS', 'ALLOCATE', 'ALTER', 'ANY', 'ARE', 'ARRAY', 'ASENSITIVE', 'ASYMMETRIC', 'AT', 'ATOMIC',
  'AUTHORIZATION', 'AVG', 'BEGIN', 'BIGINT', 'BINARY', 'BLOB', 'BOOLEAN', 'BOTH', 'CALL', 'CALLED',
  'CARDINALITY', 'CASCADED', 'CEIL', 'CEILING', 'CHAR', 'CHARACTER', 'CHECK', 'CLOB', 'CLOSE',
  'COALESCE', 'COLLATE', 'COLLECT', 'COLUMN', 'COMMIT', 'CONDITION', 'CONNECT', 'CONSTRAINT',
  'CONVERT', 'CORR', 'CORRESPONDING', 'COUNT', 'COVAR_POP', 'COVAR_SAMP', 'CREATE', 'CUBE',
  'CUME_DIST', 'CURRENT', 'CURSOR', 'CYCLE', 'DATE', 'DAY', 'DEALLOCATE', 'DEC', 'DECIMAL',
  'DECLARE', 'DEFAULT', 'DELETE', 'DENSE_RANK', 'DEREF', 'DESCRIBE', 'DETERMINISTIC', 'DISCONNECT',
  'DOUBLE', 'DROP', 'DYNAMIC', 'EACH', 'ELEMENT', 'EVERY', 'EXEC', 'EXECUTE', 'EXP', 'EXTERNAL',
  'EXTRACT', 'FILTER', 'FLOAT', 'FLOOR', 'FOREIGN', 'FREE', 'FUNCTION', 'FUSION', 'GET', 'GLOBAL',
  'GRANT', 'GROUPING', 'HOLD', 'HOUR', 'IDENTITY', 'INDICATOR', 'INOUT', 'INSENSITIVE', 'INSERT',
  'INT', 'INTEGER', 'INTERSECTION', 'INTO', 'LANGUAGE', 'LARGE', 'LEADING', 'LN', 'LOCAL', 'LOWER',
  'MATCH', 'MATCH_RECOGNIZE', 'MAX', 'MEMBER', 'MERGE', 'METHOD', 'MIN', 'MINUTE', 'MOD',
  'MODIFIES', 'MODULE', 'MONTH', 'MULTISET', 'NATIONAL', 'NCHAR', 'NCLOB', 'NEW', 'NO', 'NONE',
  'NORMALIZE', 'NULLIF', 'NUMERIC', 'OCTET_LENGTH', 'OF', 'OLD', 'ONLY', 'OPEN', 'OUT', 'OVERLAPS',
  'OVERLAY', 'PARAMETER', 'PARTITION', 'PERCENT_RANK', 'PERCENTILE_CONT', 'PERCENTILE_DISC',
  'POSITION', 'POWER', 'PRECISION', 'PREPARE', 'PRIMARY', 'PROCEDURE', 'RANGE', 'RANK', 'READS',
  'REAL', 'RECURSIVE', 'REF', 'REFERENCES', 'REFERENCING', 'RELEASE', 'RESET', 'RESULT', 'RETURN',
  'RETURNS', 'REVOKE', 'ROLLBACK', 'ROLLUP', 'ROW', 'ROW_NUMBER', 'ROWS', 'SAVEPOINT', 'SCOPE',
  'SCROLL', 'SEARCH', 'SECOND', 'SENSITIVE', 'SESSION_USER', 'SET', 'SHOW', 'SMALLINT', 'SOME',
  'SPECIFIC', 'SQL', 'SQRT', 'START', 'STATIC', 'STDDEV_POP', 'STDDEV_SAMP', 'SUBMULTISET',
  'SUBSTRING', 'SUM', 'SYMMETRIC', 'SYSTEM', 'SYSTEM_TIME', 'SYSTEM_USER', 'TABLE', 'TABLESAMPLE',
  'TIME', 'TIMESTAMP', 'TINYINT', 'TO', 'TRAILING', 'TRANSLATE', 'TREAT', 'TRIGGER', 'TRIM',
  'UNIQUE', 'UPDATE', 'UPPER', 'USE', 'USER', 'VALUE', 'VAR_POP', 'VAR_SAMP', 'VARBINARY',
  'VARCHAR', 'VARYING', 'WHENEVER', 'WIDTH_BUCKET', 'WITHIN', 'WITHOUT', 'YEAR',
]);
