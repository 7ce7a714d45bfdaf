-- Three-valued logic: AND, OR, NOT and comparisons with NULL (UNKNOWN), IS [NOT] NULL / TRUE / FALSE / UNKNOWN, IS [NOT] DISTINCT FROM, IN with a NULL in the list
-- duckdb: SELECT a, b, a AND b, a OR b, NOT a, a = b, a IS TRUE, a IS NOT FALSE, a IS NULL, a IS NOT DISTINCT FROM b, a IS DISTINCT FROM b,
-- duckdb:   a IN (TRUE, NULL), a NOT IN (FALSE, NULL)
-- duckdb: FROM (VALUES (TRUE, TRUE), (TRUE, FALSE), (TRUE, NULL), (FALSE, FALSE), (FALSE, NULL), (NULL::BOOLEAN, NULL::BOOLEAN)) AS t(a, b)
SELECT
    a,
    b,
    a AND b AS a_and_b,
    a OR b AS a_or_b,
    NOT a AS not_a,
    a = b AS a_equals_b,
    a IS TRUE AS a_is_true,
    a IS NOT FALSE AS a_is_not_false,
    a IS UNKNOWN AS a_is_unknown,
    a IS NOT DISTINCT FROM b AS not_distinct,
    a IS DISTINCT FROM b AS is_distinct,
    a IN (TRUE, CAST(NULL AS BOOLEAN)) AS in_with_null,
    a NOT IN (FALSE, CAST(NULL AS BOOLEAN)) AS not_in_with_null
FROM (VALUES
    (TRUE, TRUE), (TRUE, FALSE), (TRUE, CAST(NULL AS BOOLEAN)),
    (FALSE, FALSE), (FALSE, CAST(NULL AS BOOLEAN)),
    (CAST(NULL AS BOOLEAN), CAST(NULL AS BOOLEAN))
) AS t(a, b);
