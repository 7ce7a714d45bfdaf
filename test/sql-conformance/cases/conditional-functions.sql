-- Conditional functions: COALESCE, IFNULL, NULLIF, IF, GREATEST, LEAST (with NULL arguments and implicit widening)
-- duckdb: SELECT id, COALESCE(email, city, 'unknown'), COALESCE(age, 0), COALESCE(city, '?'), NULLIF(city, 'Berlin'), NULLIF(age, 45),
-- duckdb:   CASE WHEN age >= 30 THEN 'senior' ELSE 'junior' END, CASE WHEN active THEN 1 ELSE 0 END,
-- duckdb:   -- Flink's GREATEST and LEAST are NULL when an argument is (DuckDB's skip NULLs)
-- duckdb:   CASE WHEN age IS NULL THEN NULL ELSE greatest(age, 30) END, CASE WHEN age IS NULL THEN NULL ELSE least(age, 30) END,
-- duckdb:   CASE WHEN age IS NULL OR score IS NULL THEN NULL ELSE greatest(score, age) END, least(1, 2.5)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    COALESCE(email, city, 'unknown') AS contact,
    COALESCE(age, 0) AS age_or_zero,
    IFNULL(city, '?') AS city_or_mark,
    NULLIF(city, 'Berlin') AS not_berlin,
    NULLIF(age, 45) AS age_unless_45,
    IF(age >= 30, 'senior', 'junior') AS seniority,
    IF(active, 1, 0) AS active_flag,
    GREATEST(age, 30) AS at_least_30,
    LEAST(age, 30) AS at_most_30,
    GREATEST(score, age) AS widest,
    LEAST(1, 2.5) AS mixed_least
FROM people;
