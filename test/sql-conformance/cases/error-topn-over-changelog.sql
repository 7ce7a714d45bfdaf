-- Top-N over an updating input (a non-windowed GROUP BY) is refused until retracting Top-N is built
-- tables: orders
SELECT * FROM (
    SELECT customer_id, total, ROW_NUMBER() OVER (ORDER BY total DESC) AS rn
    FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id)
) WHERE rn <= 3;
