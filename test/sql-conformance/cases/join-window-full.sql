-- Window FULL JOIN with a condition: a row without a partner in its window comes out padded (its window columns set, the other side's NULL) when the window ends
-- tables: orders, shipments
-- duckdb: WITH o AS (SELECT *, time_bucket(INTERVAL '1 hour', ts) AS ws FROM orders), s AS (SELECT *, time_bucket(INTERVAL '1 hour', ts) AS ws FROM shipments)
-- duckdb: SELECT o.id, s.carrier, COALESCE(o.ws, s.ws) AS window_start, o.ws AS o_start, s.ws AS s_start
-- duckdb: FROM o FULL JOIN s ON o.ws = s.ws AND o.id = s.order_id AND s.carrier <> 'fedex'
SELECT o.id, s.carrier, COALESCE(o.window_start, s.window_start) AS window_start, o.window_start AS o_start, s.window_start AS s_start
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' HOUR)) o
FULL JOIN TABLE(TUMBLE(TABLE shipments, DESCRIPTOR(ts), INTERVAL '1' HOUR)) s
ON o.window_start = s.window_start AND o.window_end = s.window_end AND o.id = s.order_id AND s.carrier <> 'fedex';
