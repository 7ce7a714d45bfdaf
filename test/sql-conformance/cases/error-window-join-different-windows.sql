-- The two sides of a window join must use the same window
-- tables: orders, shipments
SELECT o.id, s.carrier
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) o
JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '2' HOUR)) s
ON o.window_start = s.window_start AND o.window_end = s.window_end AND o.id = s.order_id;
