-- Predicates: IN, NOT IN, BETWEEN, NOT BETWEEN, BETWEEN SYMMETRIC, LIKE with % and _, NOT LIKE, LIKE … ESCAPE
-- duckdb: SELECT id, city IN ('Berlin', 'Rome'), city NOT IN ('Berlin', 'Rome'), age BETWEEN 19 AND 34, age NOT BETWEEN 19 AND 34,
-- duckdb:   age BETWEEN 20 AND 40, email LIKE '%@example.com', name LIKE '_ob', name NOT LIKE '%a%', name LIKE 'dave!_%' ESCAPE '!',
-- duckdb:   email LIKE '%EXAMPLE%'
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    city IN ('Berlin', 'Rome') AS in_list,
    city NOT IN ('Berlin', 'Rome') AS not_in_list,
    age BETWEEN 19 AND 34 AS between_inclusive,
    age NOT BETWEEN 19 AND 34 AS not_between,
    age BETWEEN SYMMETRIC 40 AND 20 AS between_symmetric,
    email LIKE '%@example.com' AS like_suffix,
    name LIKE '_ob' AS like_single_char,
    name NOT LIKE '%a%' AS not_like,
    name LIKE 'dave!_%' ESCAPE '!' AS like_escaped,
    email LIKE '%EXAMPLE%' AS like_case_sensitive
FROM people;
