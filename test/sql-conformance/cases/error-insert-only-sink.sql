-- Negative: an updating query (non-windowed GROUP BY) cannot go into an insert-only sink
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

CREATE TABLE out_counts (symbol STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/never-written', 'format' = 'json');

INSERT INTO out_counts
SELECT symbol, COUNT(*) FROM trades GROUP BY symbol;

SELECT 1;
