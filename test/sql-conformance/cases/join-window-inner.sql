-- Window join (INNER) of two TUMBLE TVFs on window_start, window_end and a key: pairs of the same hour, emitted when the hour ends, with both sides' window columns
-- tables: orders, shipments
-- duckdb: SELECT o.id, s.carrier, time_bucket(INTERVAL '1 hour', o.ts) AS window_start, time_bucket(INTERVAL '1 hour', o.ts) + INTERVAL '1 hour' AS window_end,
-- duckdb:   time_bucket(INTERVAL '1 hour', s.ts) + INTERVAL '1 hour' - INTERVAL '1 millisecond' AS s_time
-- duckdb: FROM orders o JOIN shipments s ON o.id = s.order_id AND time_bucket(INTERVAL '1 hour', o.ts) = time_bucket(INTERVAL '1 hour', s.ts)
SELECT o.id, s.carrier, o.window_start, o.window_end, s.window_time AS s_time
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) o
JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '1' HOUR)) s
ON o.window_start = s.window_start AND o.window_end = s.window_end AND o.id = s.order_id;
