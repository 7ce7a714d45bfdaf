-- Interval LEFT JOIN with >= / < bounds: an unmatched order comes out NULL-padded once the watermark passes its range; the output is append-only
-- tables: orders, shipments
-- duckdb: SELECT o.id, s.carrier FROM orders o LEFT JOIN shipments s ON o.id = s.order_id AND s.ts >= o.ts + INTERVAL '10' MINUTE AND s.ts < o.ts + INTERVAL '60' MINUTE
SELECT o.id, s.carrier
FROM orders o LEFT JOIN shipments s ON o.id = s.order_id AND s.ts >= o.ts + INTERVAL '10' MINUTE AND s.ts < o.ts + INTERVAL '60' MINUTE;
