-- FROM a, b WHERE …: the WHERE conjuncts relating both tables become the join condition, the others filter
-- tables: orders, customers
-- duckdb: SELECT o.id, c.name FROM orders o, customers c WHERE o.customer_id = c.id AND c.city = 'Berlin' AND o.amount < 20
SELECT o.id, c.name
FROM orders o, customers c
WHERE o.customer_id = c.id AND c.city = 'Berlin' AND o.amount < 20;
