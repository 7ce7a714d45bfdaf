-- CREATE VIEW and CREATE TEMPORARY VIEW with column names: a view over a view, windowed in the final query
-- duckdb: SELECT sym, time_bucket(INTERVAL '1 hour', t) AS window_start, SUM(doubled) AS total
-- duckdb: FROM (SELECT symbol AS sym, shares * 2 AS doubled, ts AS t FROM trades WHERE symbol <> 'GOOG') GROUP BY 1, 2
CREATE TABLE trades (
    symbol STRING,
    shares INT,
    price DOUBLE,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/trades.json',
    'format' = 'json'
);

CREATE VIEW doubled_trades AS
SELECT symbol, shares * 2 AS doubled_shares, ts FROM trades;

CREATE TEMPORARY VIEW no_goog (sym, doubled, t) AS
SELECT symbol, doubled_shares, ts FROM doubled_trades WHERE symbol <> 'GOOG';

SELECT sym, TUMBLE_START(t, INTERVAL '1' HOUR) AS window_start, SUM(doubled) AS total
FROM no_goog
GROUP BY sym, TUMBLE(t, INTERVAL '1' HOUR);
