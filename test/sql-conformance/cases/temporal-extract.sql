-- Temporal functions: EXTRACT and YEAR, QUARTER, MONTH, WEEK, DAYOFYEAR, DAYOFMONTH, DAYOFWEEK, HOUR, MINUTE, SECOND on TIMESTAMP and DATE
-- duckdb: -- Flink's DAYOFWEEK and EXTRACT(DOW) count Sunday = 1 … Saturday = 7; WEEK is the ISO week
-- duckdb: SELECT id, year(joined), month(joined), day(joined), hour(joined), minute(joined), second(joined), dayofweek(joined) + 1, dayofyear(joined),
-- duckdb:   quarter(born), year(born), quarter(joined), month(joined), weekofyear(joined), dayofyear(joined), day(joined), dayofweek(joined) + 1,
-- duckdb:   hour(joined), minute(joined), second(joined)
-- duckdb: FROM people
-- tables: people

SELECT
    id,
    EXTRACT(YEAR FROM joined) AS extract_year,
    EXTRACT(MONTH FROM joined) AS extract_month,
    EXTRACT(DAY FROM joined) AS extract_day,
    EXTRACT(HOUR FROM joined) AS extract_hour,
    EXTRACT(MINUTE FROM joined) AS extract_minute,
    EXTRACT(SECOND FROM joined) AS extract_second,
    EXTRACT(DOW FROM joined) AS extract_dow,
    EXTRACT(DOY FROM joined) AS extract_doy,
    EXTRACT(QUARTER FROM born) AS born_quarter,
    YEAR(born) AS born_year,
    QUARTER(joined) AS q,
    MONTH(joined) AS m,
    WEEK(joined) AS w,
    DAYOFYEAR(joined) AS doy,
    DAYOFMONTH(joined) AS dom,
    DAYOFWEEK(joined) AS dow,
    HOUR(joined) AS h,
    MINUTE(joined) AS mi,
    SECOND(joined) AS s
FROM people;
