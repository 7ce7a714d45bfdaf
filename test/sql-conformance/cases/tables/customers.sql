CREATE TABLE customers (
    id INT,
    name STRING,
    city STRING
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/customers.json',
    'format' = 'json'
);
