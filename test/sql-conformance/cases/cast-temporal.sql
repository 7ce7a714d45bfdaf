-- CAST to and from DATE, TIME and TIMESTAMP; CAST of a TIMESTAMP to DATE and of text to BOOLEAN
-- duckdb: SELECT DATE '2024-02-29', CAST('2024-02-29 13:45:30.5' AS TIMESTAMP), CAST('13:45:30' AS TIME),
-- duckdb:   CAST(TIMESTAMP '2024-02-29 13:45:30.123' AS DATE), CAST(DATE '2024-02-29' AS TIMESTAMP),
-- duckdb:   strftime(TIMESTAMP '2024-02-29 13:45:30.123', '%Y-%m-%d %H:%M:%S.%g'), CAST(DATE '2024-02-29' AS VARCHAR),
-- duckdb:   CAST('true' AS BOOLEAN), CAST('FALSE' AS BOOLEAN), CAST(1 AS BOOLEAN), CAST(TRUE AS INTEGER)
SELECT
    CAST('2024-02-29' AS DATE) AS text_to_date,
    CAST('2024-02-29 13:45:30.5' AS TIMESTAMP(3)) AS text_to_timestamp,
    CAST('13:45:30' AS TIME) AS text_to_time,
    CAST(TIMESTAMP '2024-02-29 13:45:30.123' AS DATE) AS timestamp_to_date,
    CAST(DATE '2024-02-29' AS TIMESTAMP(3)) AS date_to_timestamp,
    CAST(TIMESTAMP '2024-02-29 13:45:30.123' AS STRING) AS timestamp_text,
    CAST(DATE '2024-02-29' AS STRING) AS date_text,
    CAST('true' AS BOOLEAN) AS text_true,
    CAST('FALSE' AS BOOLEAN) AS text_false,
    CAST(1 AS BOOLEAN) AS one_to_boolean,
    CAST(TRUE AS INT) AS true_to_int;
