-- Temporal functions: DATE_FORMAT, TO_TIMESTAMP (default and explicit format), TO_DATE, TO_TIMESTAMP_LTZ, FROM_UNIXTIME, UNIX_TIMESTAMP, TIMESTAMP and DATE literals
-- duckdb: SELECT id, strftime(joined, '%Y-%m-%d %H:%M'), strftime(joined, '%d/%m/%y'),
-- duckdb:   strptime(CAST(born AS VARCHAR) || ' 12:30:00', '%Y-%m-%d %H:%M:%S'),
-- duckdb:   strptime(strftime(joined, '%Y%m%d%H%M%S'), '%Y%m%d%H%M%S'), CAST(CAST(born AS VARCHAR) AS DATE),
-- duckdb:   CAST(strptime('31.12.2023', '%d.%m.%Y') AS DATE),
-- duckdb:   make_timestamptz((1704103200000::BIGINT + id * 1000) * 1000), make_timestamptz((1704103200::BIGINT + id) * 1000000),
-- duckdb:   strftime(to_timestamp(86400 * id), '%Y-%m-%d %H:%M:%S'), CAST(epoch(TIMESTAMP '2024-01-01 10:00:00') AS BIGINT),
-- duckdb:   TIMESTAMP '2024-02-29 23:59:59.123', DATE '2024-02-29'
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    DATE_FORMAT(joined, 'yyyy-MM-dd HH:mm') AS formatted,
    DATE_FORMAT(joined, 'dd/MM/yy') AS formatted_short,
    TO_TIMESTAMP(CONCAT(CAST(born AS STRING), ' 12:30:00')) AS born_noon,
    TO_TIMESTAMP(DATE_FORMAT(joined, 'yyyyMMddHHmmss'), 'yyyyMMddHHmmss') AS reparsed,
    TO_DATE(CAST(born AS STRING)) AS born_again,
    TO_DATE('31.12.2023', 'dd.MM.yyyy') AS parsed_date,
    TO_TIMESTAMP_LTZ(1704103200000 + id * 1000, 3) AS from_millis,
    TO_TIMESTAMP_LTZ(1704103200 + id, 0) AS from_seconds,
    FROM_UNIXTIME(86400 * id) AS unixtime_text,
    UNIX_TIMESTAMP('2024-01-01 10:00:00') AS unix_seconds,
    TIMESTAMP '2024-02-29 23:59:59.123' AS ts_literal,
    DATE '2024-02-29' AS date_literal
FROM people;
