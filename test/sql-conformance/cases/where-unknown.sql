-- WHERE keeps only rows whose condition is TRUE: UNKNOWN (a comparison with NULL) drops the row, as does NOT of UNKNOWN
-- duckdb: SELECT id, age, city FROM people WHERE NOT (age > 30) OR city = 'Berlin'
-- tables: people

SELECT id, age, city
FROM people
WHERE NOT (age > 30) OR city = 'Berlin';
