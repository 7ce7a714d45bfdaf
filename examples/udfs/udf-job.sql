-- User-defined functions in Flink SQL, run by `npx sluice run examples/udfs/udf-job.sql` from the
-- repository root. Flink's CREATE FUNCTION names a JVM class; Sluice names a JavaScript/TypeScript
-- module and one of its exports ('path:ExportName', the path relative to the working directory).

CREATE TEMPORARY FUNCTION count_char AS 'examples/udfs/text-functions.ts:CountChar';
CREATE TEMPORARY SYSTEM FUNCTION mask AS 'examples/udfs/text-functions.ts:mask' LANGUAGE TYPESCRIPT;

SELECT name, count_char(LOWER(name), 'a') AS a_count, mask(card_number, 4) AS card
FROM (VALUES
    ('Ada Lovelace', '4111111111111111'),
    ('Alan Turing', '5500005555555559'),
    ('Grace Hopper', CAST(NULL AS STRING))
) AS customers (name, card_number);
