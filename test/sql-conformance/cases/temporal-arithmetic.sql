-- Temporal arithmetic: FLOOR/CEIL(ts TO unit), TIMESTAMPADD, TIMESTAMPDIFF, timestamp +/- INTERVAL (incl. DAY TO HOUR and YEAR TO MONTH literals), DATE + INTERVAL
-- duckdb: SELECT id, date_trunc('hour', joined), date_trunc('day', joined),
-- duckdb:   CASE WHEN date_trunc('minute', joined) = joined THEN joined ELSE date_trunc('minute', joined) + INTERVAL 1 MINUTE END,
-- duckdb:   date_trunc('month', joined), joined + INTERVAL 90 MINUTE, joined + INTERVAL 1 MONTH,
-- duckdb:   -- TIMESTAMPDIFF counts whole units elapsed, truncated toward zero
-- duckdb:   CAST(trunc(epoch(TIMESTAMP '2024-03-01 00:00:00' - joined) / 86400) AS INTEGER),
-- duckdb:   CAST(trunc(epoch(joined - TIMESTAMP '2024-03-01 00:00:00') / 3600) AS INTEGER),
-- duckdb:   joined + INTERVAL 1 DAY + INTERVAL 10 HOUR, joined - INTERVAL 30 SECOND, joined + INTERVAL 14 MONTH, CAST(born + INTERVAL 10 DAY AS DATE)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    FLOOR(joined TO HOUR) AS floor_hour,
    FLOOR(joined TO DAY) AS floor_day,
    CEIL(joined TO MINUTE) AS ceil_minute,
    FLOOR(joined TO MONTH) AS floor_month,
    TIMESTAMPADD(MINUTE, 90, joined) AS plus_90_minutes,
    TIMESTAMPADD(MONTH, 1, joined) AS plus_1_month,
    TIMESTAMPDIFF(DAY, joined, TIMESTAMP '2024-03-01 00:00:00') AS days_until,
    TIMESTAMPDIFF(HOUR, TIMESTAMP '2024-03-01 00:00:00', joined) AS hours_since,
    joined + INTERVAL '1 10' DAY TO HOUR AS plus_1d10h,
    joined - INTERVAL '30' SECOND AS minus_30s,
    joined + INTERVAL '1-2' YEAR TO MONTH AS plus_1y2m,
    born + INTERVAL '10' DAY AS born_plus_10d
FROM people;
