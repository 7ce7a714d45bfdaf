-- String functions: REGEXP_EXTRACT, REGEXP_REPLACE, SPLIT_INDEX, POSITION, LOCATE, LEFT, RIGHT, REPEAT, REVERSE, OVERLAY, || (concatenation)
-- duckdb: SELECT id,
-- duckdb:   nullif(regexp_extract(email, '([a-z.]+)@([a-z]+)', 1), ''), nullif(regexp_extract(email, '([a-z.]+)@([a-z]+)', 2), ''),
-- duckdb:   nullif(regexp_extract(email, '[0-9]+'), ''), regexp_replace(email, '[aeiou]', '#', 'g'),
-- duckdb:   -- SPLIT_INDEX counts from 0 and is NULL past the last part
-- duckdb:   string_split(email, '@')[1], string_split(email, '.')[2], string_split(email, '.')[6],
-- duckdb:   CASE WHEN email IS NULL THEN NULL ELSE instr(email, '@') END, instr(email, 'e'),
-- duckdb:   CASE WHEN email IS NULL THEN NULL WHEN instr(substring(email, 5), 'e') = 0 THEN 0 ELSE instr(substring(email, 5), 'e') + 4 END,
-- duckdb:   left(city, 2), right(city, 3), repeat(left(city, 1), 3), reverse(city),
-- duckdb:   substring(city, 1, 1) || 'XY' || substring(city, 5), city || '/' || CAST(id AS VARCHAR)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    REGEXP_EXTRACT(email, '([a-z.]+)@([a-z]+)', 1) AS mailbox,
    REGEXP_EXTRACT(email, '([a-z.]+)@([a-z]+)', 2) AS domain,
    REGEXP_EXTRACT(email, '[0-9]+') AS digits,
    REGEXP_REPLACE(email, '[aeiou]', '#') AS no_vowels,
    SPLIT_INDEX(email, '@', 0) AS before_at,
    SPLIT_INDEX(email, '.', 1) AS second_part,
    SPLIT_INDEX(email, '.', 5) AS out_of_range,
    POSITION('@' IN email) AS at_position,
    LOCATE('e', email) AS first_e,
    LOCATE('e', email, 5) AS e_after_4,
    LEFT(city, 2) AS left2,
    RIGHT(city, 3) AS right3,
    REPEAT(LEFT(city, 1), 3) AS repeated,
    REVERSE(city) AS reversed,
    OVERLAY(city PLACING 'XY' FROM 2 FOR 3) AS overlaid,
    city || '/' || CAST(id AS STRING) AS piped
FROM people;
