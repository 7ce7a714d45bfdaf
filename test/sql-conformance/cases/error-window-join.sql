-- A join of window TVFs (a window join) is refused with its position until it is supported
-- tables: orders, shipments
SELECT *
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) o
JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '1' HOUR)) s
ON o.id = s.order_id AND o.window_start = s.window_start AND o.window_end = s.window_end;
