-- Regular INNER JOIN on an equi-key: a NULL key matches nothing, a key held twice on one side pairs twice
-- tables: orders, customers
-- duckdb: SELECT o.id, c.name, o.amount FROM orders o JOIN customers c ON o.customer_id = c.id
SELECT o.id, c.name, o.amount
FROM orders o JOIN customers c ON o.customer_id = c.id;
