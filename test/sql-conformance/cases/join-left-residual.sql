-- LEFT JOIN with a residual condition in ON: an order whose partners all fail it stays NULL-padded in the final result (the changelog retracts a padded row when a partner arrives)
-- order: final
-- tables: orders, customers
-- duckdb: SELECT o.id, c.name, c.city FROM orders o LEFT JOIN customers c ON o.customer_id = c.id AND (c.city <> 'Rome' OR o.amount > 20)
SELECT o.id, c.name, c.city
FROM orders o LEFT JOIN customers c ON o.customer_id = c.id AND (c.city <> 'Rome' OR o.amount > 20);
