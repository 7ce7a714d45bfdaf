-- Top-N over a changelog (a non-windowed GROUP BY): the -U/+U of a changing total take its old row out and place the new one; a customer falling out of the Top-2 lets the next one in
-- order: emitted
-- duckdb: SELECT customer_id, total, rn FROM (
-- duckdb:   SELECT customer_id, total, ROW_NUMBER() OVER (ORDER BY total DESC) AS rn
-- duckdb:   FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id)
-- duckdb: ) WHERE rn <= 2
-- tables: orders
SELECT * FROM (
    SELECT customer_id, total, ROW_NUMBER() OVER (ORDER BY total DESC) AS rn
    FROM (SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id)
) WHERE rn <= 2;
