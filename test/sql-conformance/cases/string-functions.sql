-- String functions: UPPER, LOWER, TRIM, INITCAP, CHAR_LENGTH, CONCAT, CONCAT_WS, REPLACE, LPAD, RPAD, SUBSTRING
-- tables: people

SELECT
    id,
    UPPER(name) AS upper_name,
    LOWER(email) AS lower_email,
    TRIM(name) AS trimmed,
    INITCAP(name) AS initcap_name,
    CHAR_LENGTH(name) AS name_length,
    CONCAT(TRIM(name), '|', city) AS concatenated,
    CONCAT_WS('-', TRIM(name), city, email) AS joined_ws,
    REPLACE(email, '@', ' at ') AS replaced,
    LPAD(city, 8, '*') AS lpadded,
    RPAD(city, 8, '.') AS rpadded,
    LPAD(city, 3, '*') AS lpad_shorter,
    SUBSTRING(email FROM 2 FOR 3) AS sub_from_for,
    SUBSTRING(email, 3) AS sub_from,
    SUBSTR(email, -3, 2) AS sub_negative
FROM people;
