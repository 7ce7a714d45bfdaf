-- A CSV filesystem table: quoted fields with commas and doubled quotes, an empty field read as NULL, DECIMAL and TIMESTAMP columns
-- duckdb: SELECT customer, time_bucket(INTERVAL '1 hour', ordered_at) AS window_start, COUNT(*) AS orders, SUM(quantity) AS items,
-- duckdb:   SUM(quantity * unit_price) AS revenue, MAX(item) AS some_item
-- duckdb: FROM orders GROUP BY 1, 2
CREATE TABLE orders (
    id INT,
    customer STRING,
    item STRING,
    quantity INT,
    unit_price DECIMAL(8, 2),
    ordered_at TIMESTAMP(3),
    WATERMARK FOR ordered_at AS ordered_at - INTERVAL '1' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'csv-input.input/orders.csv',
    'format' = 'csv'
);

SELECT
    customer,
    TUMBLE_START(ordered_at, INTERVAL '1' HOUR) AS window_start,
    COUNT(*) AS orders,
    SUM(quantity) AS items,
    SUM(quantity * unit_price) AS revenue,
    MAX(item) AS some_item
FROM orders
GROUP BY customer, TUMBLE(ordered_at, INTERVAL '1' HOUR);
