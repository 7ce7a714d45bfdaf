-- An OVER frame reaching FOLLOWING rows is refused with its position: streaming frames end at the current row
-- tables: orders
SELECT id, SUM(amount) OVER (PARTITION BY customer_id ORDER BY ts ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s
FROM orders;
