-- A Top-N filter without an upper bound on the row number is refused with its position
-- tables: orders
SELECT * FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn FROM orders
) WHERE rn > 2;
