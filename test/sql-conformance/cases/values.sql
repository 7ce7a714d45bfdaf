-- VALUES as a table with column aliases: literal types unify across rows (INT with DECIMAL, NULL with a typed value)
-- duckdb: SELECT id, label, amount, amount * 2
-- duckdb: FROM (VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, 'three', 3)) AS t(id, label, amount)
-- duckdb: WHERE id <> 2 OR amount IS NULL
SELECT id, label, amount, amount * 2 AS doubled
FROM (VALUES (1, 'one', 1.5), (2, 'two', NULL), (3, 'three', 3)) AS t(id, label, amount)
WHERE id <> 2 OR amount IS NULL;
