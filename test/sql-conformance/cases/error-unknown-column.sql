-- Negative: an unknown column is reported at its position, with the nearest column name
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

SELECT symbol, prise
FROM trades;
