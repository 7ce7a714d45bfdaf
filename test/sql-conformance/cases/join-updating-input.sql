-- A regular join over a GROUP BY changelog: the join retracts the pairs of each -U row and adds those of the +U row
-- order: emitted
-- tables: orders, customers
-- duckdb: SELECT c.name, t.total, t.n FROM (SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer_id) t
-- duckdb:   LEFT JOIN customers c ON t.customer_id = c.id
SELECT c.name, t.total, t.n
FROM (SELECT customer_id, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY customer_id) t
LEFT JOIN customers c ON t.customer_id = c.id;
