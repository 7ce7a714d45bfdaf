-- An OVER window ordered by a column that is not a time attribute is refused with its position
-- tables: orders
SELECT id, SUM(amount) OVER (PARTITION BY customer_id ORDER BY amount) AS s
FROM orders;
