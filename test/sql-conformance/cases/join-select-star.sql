-- SELECT * over a join: a column name both sides have is renamed on the right (id0), and b.id still names it
-- tables: orders, customers
-- duckdb: SELECT o.*, c.*, c.id + 1000 FROM orders o JOIN customers c ON o.customer_id = c.id
SELECT *, c.id + 1000 AS shifted
FROM orders o JOIN customers c ON o.customer_id = c.id;
