-- ROW_NUMBER() without a Top-N filter in the enclosing query is refused with its position
-- tables: orders
SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn
FROM orders;
