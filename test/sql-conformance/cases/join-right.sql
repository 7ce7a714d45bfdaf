-- RIGHT JOIN: every customer, NULL-padded when no order has its id; the key may be an expression of each side
-- order: final
-- tables: orders, customers
-- duckdb: SELECT c.name, o.id FROM orders o RIGHT JOIN customers c ON o.customer_id + 0 = c.id * 1
SELECT c.name, o.id
FROM orders o RIGHT JOIN customers c ON o.customer_id + 0 = c.id * 1;
