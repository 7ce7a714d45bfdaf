/** Expressions, each wrapped as `SELECT <expr> FROM t`, covering the expression grammar. */
export const EXPRESSION_CORPUS: readonly string[] = [
  // literals
  `1, -2, 3.14, .5, 1e10, 2.5E-3, 1.`,
  `'it''s', '', 'multi
line'`,
  `TRUE, FALSE, UNKNOWN, NULL, X'0FA2', x''`,
  `DATE '2024-01-31', TIME '10:00:00', TIMESTAMP '2024-01-31 10:00:00.123'`,
  `INTERVAL '5' SECOND, INTERVAL '10' MINUTES, INTERVAL '2' HOURS, INTERVAL '1' DAY, INTERVAL '3' MONTH, INTERVAL '1' YEAR`,
  `INTERVAL '1 10' DAY TO HOUR, INTERVAL '1-6' YEAR TO MONTH, INTERVAL '10:30' HOUR TO MINUTE, INTERVAL '1 10:30:15.123' DAY TO SECOND(3)`,
  `INTERVAL '100' HOUR(3), INTERVAL '5.5' SECOND(2, 3), INTERVAL -'5' SECOND, INTERVAL '12:30' MINUTE TO SECOND`,
  // names, fields, items
  `a, t.a, db.t.a, cat.db.t.a, r.f.g, \`weird name\`.\`x\``,
  `m['key'], arr[1], arr[1].f, f(x).g, m['a']['b'], (r).f`,
  // arithmetic and string operators
  `a + b * c - d / e % f, (a + b) * c, a - (b - c), -a, +a, - -a, -(a + b), a || b || 'x'`,
  `a * -b, a - -1, 2 * (3 + 4) / 5`,
  // comparisons and logic
  `a = b, a <> b, a != b, a < b, a <= b, a > b, a >= b`,
  `a AND b OR c, a AND (b OR c), NOT a, NOT (a AND b), NOT NOT a, a OR b AND NOT c = d`,
  `a IS NULL, a IS NOT NULL, a IS TRUE, a IS NOT FALSE, a IS UNKNOWN, a IS NOT UNKNOWN`,
  `a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b, (a = b) IS TRUE`,
  `a BETWEEN 1 AND 2, a NOT BETWEEN b + 1 AND c * 2, a BETWEEN SYMMETRIC 5 AND 1, a BETWEEN ASYMMETRIC 1 AND 5`,
  `a IN (1, 2, 3), a NOT IN ('x', 'y'), (a, b) IN ((1, 2), (3, 4))`,
  `a LIKE 'x%', a NOT LIKE 'x!%' ESCAPE '!', a SIMILAR TO '[a-z]+', a NOT SIMILAR TO 'b*'`,
  // case, cast
  `CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END, CASE WHEN a > 0 THEN 1 END`,
  `CAST(a AS INT), CAST(a AS DECIMAL(10, 2) NOT NULL), TRY_CAST(a AS TIMESTAMP(3)), CAST(a AS ARRAY<STRING>), CAST(a AS ROW<x INT, y STRING>)`,
  // functions
  `COUNT(*), COUNT(DISTINCT a), COUNT(ALL a), SUM(a) FILTER (WHERE b > 0), COUNT(DISTINCT a) FILTER (WHERE b IS NULL)`,
  `a + SUM(b) OVER (PARTITION BY c ORDER BY ts), SUM(b) FILTER (WHERE b > 0) OVER (ORDER BY ts ROWS 10 PRECEDING) / 2`,
  `UPPER(name), lower(name), CONCAT_WS('-', a, b), COALESCE(a, b, 0), IF(a > 1, 'x', 'y'), LEFT(s, 2), RIGHT(s, 3)`,
  `PROCTIME(), NOW(), UNIX_TIMESTAMP(), cat.db.my_udf(a, 1), \`my func\`(a), JSON_VALUE(j, '$.a')`,
  `CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIME, CURRENT_ROW_TIMESTAMP()`,
  // special forms
  `EXTRACT(YEAR FROM ts), EXTRACT(DOW FROM ts), EXTRACT(MILLISECOND FROM ts)`,
  `FLOOR(ts TO HOUR), CEIL(ts TO DAY), CEILING(ts TO MINUTE), FLOOR(x), CEIL(1.5)`,
  `TIMESTAMPADD(HOUR, 2, ts), TIMESTAMPDIFF(DAY, a, b), TIMESTAMPADD(SQL_TSI_MINUTE, -5, ts)`,
  `POSITION('a' IN s), POSITION(x IN y), POSITION('b' IN 'abc')`,
  `TRIM(s), TRIM(BOTH FROM s), TRIM(LEADING 'x' FROM s), TRIM(TRAILING FROM s), TRIM('y' FROM s)`,
  `SUBSTRING(s FROM 2), SUBSTRING(s FROM 2 FOR 3), SUBSTRING(s, 2), SUBSTRING(s, 2, 3)`,
  `OVERLAY(s PLACING 'x' FROM 2), OVERLAY(s PLACING 'xy' FROM 2 FOR 3)`,
  `JSON_VALUE(j, '$.a' RETURNING INT), JSON_VALUE(j, 'lax $.a' DEFAULT 0 ON EMPTY ERROR ON ERROR), JSON_VALUE(j, '$.a' NULL ON ERROR)`,
  `JSON_QUERY(j, '$.a' WITH WRAPPER), JSON_QUERY(j, '$' WITHOUT WRAPPER EMPTY ARRAY ON EMPTY), JSON_QUERY(j, '$' EMPTY OBJECT ON ERROR)`,
  `ROW(a, b), ROW(1), ARRAY[1, 2, 3], ARRAY['a'], MAP['k1', 1, 'k2', 2], ARRAY[ROW(1, 'a')]`,
  `HOUR(ts), YEAR(ts), MOD(a, 2), POWER(a, 2), TRUNCATE(a, 2)`,
];
