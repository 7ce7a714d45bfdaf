CREATE TABLE payments (
    id INT,
    currency STRING,
    amount INT,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/payments.json',
    'format' = 'json'
);
