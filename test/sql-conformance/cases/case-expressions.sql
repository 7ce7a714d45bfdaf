-- CASE: searched and simple forms, ELSE omitted gives NULL, NULL never equals in simple CASE, nested CASE, branch types widened
-- duckdb: SELECT id,
-- duckdb:   CASE WHEN age IS NULL THEN 'unknown' WHEN age < 20 THEN 'teen' WHEN age < 40 THEN 'adult' ELSE 'older' END,
-- duckdb:   CASE city WHEN 'Berlin' THEN 'DE' WHEN 'Paris' THEN 'FR' WHEN 'Rome' THEN 'IT' END,
-- duckdb:   CASE city WHEN NULL THEN 'matched null' ELSE 'no match' END,
-- duckdb:   CASE WHEN active THEN (CASE WHEN score > 80 THEN 'active high' ELSE 'active' END) ELSE 'inactive or unknown' END,
-- duckdb:   CAST(CASE WHEN id > 3 THEN id ELSE score END AS DOUBLE)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    CASE
        WHEN age IS NULL THEN 'unknown'
        WHEN age < 20 THEN 'teen'
        WHEN age < 40 THEN 'adult'
        ELSE 'older'
    END AS age_band,
    CASE city WHEN 'Berlin' THEN 'DE' WHEN 'Paris' THEN 'FR' WHEN 'Rome' THEN 'IT' END AS country,
    CASE city WHEN NULL THEN 'matched null' ELSE 'no match' END AS null_when,
    CASE WHEN active THEN CASE WHEN score > 80 THEN 'active high' ELSE 'active' END ELSE 'inactive or unknown' END AS nested,
    CASE WHEN id > 3 THEN id ELSE score END AS widened
FROM people;
