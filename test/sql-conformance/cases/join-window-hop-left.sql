-- Window LEFT JOIN of HOP windows (1 h every 30 min): each row is in two windows and pairs in each; an order alone in a window comes out padded
-- tables: orders, shipments
-- duckdb: WITH o AS (SELECT orders.*, ws FROM orders, unnest([time_bucket(INTERVAL '30 minutes', ts), time_bucket(INTERVAL '30 minutes', ts) - INTERVAL '30 minutes']) AS w(ws)),
-- duckdb:   s AS (SELECT shipments.*, ws FROM shipments, unnest([time_bucket(INTERVAL '30 minutes', ts), time_bucket(INTERVAL '30 minutes', ts) - INTERVAL '30 minutes']) AS w(ws))
-- duckdb: SELECT o.id, s.carrier, o.ws AS window_start FROM o LEFT JOIN s ON o.ws = s.ws AND o.id = s.order_id
SELECT o.id, s.carrier, o.window_start
FROM TABLE(HOP(TABLE orders, DESCRIPTOR(ts), INTERVAL '30' MINUTE, INTERVAL '1' HOUR)) o
LEFT JOIN TABLE(HOP(TABLE shipments, DESCRIPTOR(ts), INTERVAL '30' MINUTE, INTERVAL '1' HOUR)) s
ON o.window_start = s.window_start AND o.window_end = s.window_end AND o.id = s.order_id;
