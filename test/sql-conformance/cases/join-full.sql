-- FULL OUTER JOIN: both sides preserved, each padded while it has no partner
-- order: final
-- tables: orders, customers
-- duckdb: SELECT o.id, o.customer_id, c.id, c.name FROM orders o FULL JOIN customers c ON o.customer_id = c.id
SELECT o.id, o.customer_id, c.id AS cid, c.name
FROM orders o FULL OUTER JOIN customers c ON o.customer_id = c.id;
