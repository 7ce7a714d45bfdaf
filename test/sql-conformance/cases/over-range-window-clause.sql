-- OVER aggregates with a RANGE frame over an interval, several aggregates sharing one named window (WINDOW clause): the trades of the symbol in the hour up to each trade
-- order: emitted
-- duckdb: SELECT symbol, ts, price,
-- duckdb:   MAX(price) OVER w AS high, MIN(price) OVER w AS low, SUM(shares) OVER w AS volume, COUNT(*) OVER w AS trades
-- duckdb: FROM trades WINDOW w AS (PARTITION BY symbol ORDER BY ts RANGE BETWEEN INTERVAL 1 HOUR PRECEDING AND CURRENT ROW)
CREATE TABLE trades (
    symbol STRING,
    shares INT,
    price DOUBLE,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '10' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/trades.json',
    'format' = 'json'
);

SELECT symbol, ts, price,
    MAX(price) OVER w AS high, MIN(price) OVER w AS low, SUM(shares) OVER w AS volume, COUNT(*) OVER w AS trades
FROM trades
WINDOW w AS (PARTITION BY symbol ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW);
