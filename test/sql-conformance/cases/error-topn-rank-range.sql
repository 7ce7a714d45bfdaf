-- A Top-N filter that is not rn <= N, rn < N or rn = 1 is refused with its position
-- tables: orders
SELECT * FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY amount DESC) AS rn FROM orders
) WHERE rn = 2;
