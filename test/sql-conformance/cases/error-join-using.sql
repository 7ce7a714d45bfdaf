-- A join with USING is refused with its position until it is supported
-- tables: orders, customers
SELECT *
FROM orders JOIN customers USING (id);
