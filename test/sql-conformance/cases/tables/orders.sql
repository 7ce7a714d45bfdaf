CREATE TABLE orders (
    id INT,
    customer_id INT,
    amount DOUBLE,
    ts TIMESTAMP(3),
    WATERMARK FOR ts AS ts - INTERVAL '5' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/orders.json',
    'format' = 'json'
);
