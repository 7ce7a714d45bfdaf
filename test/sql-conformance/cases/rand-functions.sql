-- RAND and RAND_INTEGER: values within their range (the values themselves are random)
-- duckdb: -- random values: only their ranges are checked, as in the case
-- duckdb: SELECT n, random() >= 0 AND random() < 1, random() >= 0 AND random() < 1, CAST(floor(random() * 10) AS INTEGER) BETWEEN 0 AND 9,
-- duckdb:   CAST(floor(random() * 5) AS INTEGER) BETWEEN 0 AND 4
-- duckdb: FROM (VALUES (1), (2), (3)) AS t(n)
SELECT
    n,
    RAND() >= 0 AND RAND() < 1 AS rand_in_range,
    RAND(42) >= 0 AND RAND(42) < 1 AS seeded_in_range,
    RAND_INTEGER(10) BETWEEN 0 AND 9 AS rand_integer_in_range,
    RAND_INTEGER(42, 5) BETWEEN 0 AND 4 AS seeded_integer_in_range
FROM (VALUES (1), (2), (3)) AS t(n);
