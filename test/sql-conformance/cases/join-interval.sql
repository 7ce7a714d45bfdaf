-- Interval join (BETWEEN on two rowtime columns): append-only, the order's rowtime kept; a shipment before its order or over an hour after matches nothing
-- tables: orders, shipments
-- duckdb: SELECT o.id, s.carrier, o.ts FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR
SELECT o.id, s.carrier, o.ts
FROM orders o JOIN shipments s ON o.id = s.order_id AND s.ts BETWEEN o.ts AND o.ts + INTERVAL '1' HOUR;
