-- Negative: TUMBLE_START must repeat the GROUP BY window exactly
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

SELECT TUMBLE_START(ts, INTERVAL '2' HOUR), COUNT(*)
FROM trades
GROUP BY TUMBLE(ts, INTERVAL '1' HOUR);
