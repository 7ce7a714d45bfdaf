-- Both inputs updating (two GROUP BY changelogs): -U rows retract their pairs and +U rows add them, so the final rows equal the batch join's
-- order: final
-- tables: orders, customers
-- duckdb: SELECT t.customer_id, t.n, k.copies FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t
-- duckdb:   JOIN (SELECT id, COUNT(*) AS copies FROM customers GROUP BY id) k ON t.customer_id = k.id
SELECT t.customer_id, t.n, k.copies
FROM (SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id) t
JOIN (SELECT id, COUNT(*) AS copies FROM customers GROUP BY id) k ON t.customer_id = k.id;
