-- The Flink SQL of the seed's PyFlink example, run by `sluice run examples/seed-flink-sql.sql`
-- (add --format=table for the SQL client's table view).
--
-- The seed reads its trades from a Kafka broker:
--
--   CREATE TABLE stock_data (
--       symbol STRING,
--       shares INT,
--       price DOUBLE,
--       transaction_date TIMESTAMP(3),
--       WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
--   ) WITH (
--       'connector' = 'kafka',
--       'topic' = 'stock_topic',
--       'properties.bootstrap.servers' = 'localhost:9092',
--       'format' = 'json',
--       'scan.startup.mode' = 'latest-offset'
--   );
--
-- That table runs as it is against a broker. So that this script runs with nothing installed, the
-- same table lives on the in-process log ('sluice-log': Kafka's topics, partitions and offsets, and
-- the Kafka connector's option names). What differs: no broker address; the scan starts at the
-- earliest offset and ends at the offset the topic had when the query started (so the query reads
-- the trades written below, then finishes); the first write creates the topic with one partition.

CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH (
    'connector' = 'sluice-log',
    'topic' = 'stock_topic',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'sink.partitions' = '1'
);

-- Some trades on the topic (a producer's job in the seed); the 09:47:27 trade arrives 3 seconds out of
-- order, within the watermark's 5 seconds, so it still counts. Wait for them before querying.
SET 'table.dml-sync' = 'true';

INSERT INTO stock_data VALUES
    ('AAPL', 100, 187.50, TIMESTAMP '2024-01-02 09:05:00'),
    ('MSFT',  40, 370.00, TIMESTAMP '2024-01-02 09:12:00'),
    ('AAPL',  50, 188.10, TIMESTAMP '2024-01-02 09:47:30'),
    ('AAPL',  25, 187.90, TIMESTAMP '2024-01-02 09:47:27'),
    ('MSFT',  60, 371.50, TIMESTAMP '2024-01-02 10:02:00'),
    ('AAPL',  80, 189.00, TIMESTAMP '2024-01-02 10:15:00'),
    ('GOOG',  30, 140.25, TIMESTAMP '2024-01-02 10:20:00'),
    ('MSFT',  10, 372.00, TIMESTAMP '2024-01-02 10:59:58');

-- The seed's query: shares and average price per symbol and hour.
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR);
