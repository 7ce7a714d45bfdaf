-- Negative: a group window over a column without a WATERMARK (not a time attribute)
CREATE TABLE plain_trades (
    symbol STRING,
    ts TIMESTAMP(3)
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/trades.json',
    'format' = 'json'
);

SELECT symbol, COUNT(*)
FROM plain_trades
GROUP BY symbol, TUMBLE(ts, INTERVAL '1' HOUR);
