CREATE TABLE shipments (
    order_id INT,
    carrier STRING,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '1' HOUR
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/shipments.json',
    'format' = 'json'
);
