-- A regular LEFT JOIN over a GROUP BY changelog: each -U retracts the pairs (or padded row) it formed and each +U adds new ones, so the final rows equal the batch join's
-- order: final
-- tables: orders, customers
-- duckdb: SELECT c.name, t.total, t.n FROM (SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer_id) t
-- duckdb:   LEFT JOIN customers c ON t.customer_id = c.id
SELECT c.name, t.total, t.n
FROM (SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer_id) t
LEFT JOIN customers c ON t.customer_id = c.id;
