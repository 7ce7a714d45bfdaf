-- A window join must equate both window_start and window_end of its sides
-- tables: orders, shipments
SELECT o.id, s.carrier
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) o
JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '1' HOUR)) s
ON o.window_start = s.window_start AND o.id = s.order_id;
