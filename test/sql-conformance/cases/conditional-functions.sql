-- Conditional functions: COALESCE, IFNULL, NULLIF, IF, GREATEST, LEAST (with NULL arguments and implicit widening)
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
