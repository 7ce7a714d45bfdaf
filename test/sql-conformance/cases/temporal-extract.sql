-- Temporal functions: EXTRACT and YEAR, QUARTER, MONTH, WEEK, DAYOFYEAR, DAYOFMONTH, DAYOFWEEK, HOUR, MINUTE, SECOND on TIMESTAMP and DATE
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
