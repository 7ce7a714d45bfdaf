-- OVER aggregates over different windows in one SELECT are refused (as in Flink), naming the one that differs
-- tables: orders
SELECT id,
    SUM(amount) OVER (PARTITION BY customer_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS s1,
    SUM(amount) OVER (PARTITION BY customer_id ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s2
FROM orders;
