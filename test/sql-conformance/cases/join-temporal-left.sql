-- Event-time temporal LEFT JOIN with a condition: a payment without a valid version (or failing the condition) comes out NULL-padded
-- tables: payments, rates
-- duckdb: SELECT p.id, p.currency, CASE WHEN r.rate < 1.2 THEN r.rate END AS rate
-- duckdb: FROM payments p ASOF LEFT JOIN rates r ON p.currency = r.currency AND p.ts >= r.ts
SELECT p.id, p.currency, r.rate
FROM payments p LEFT JOIN rates FOR SYSTEM_TIME AS OF p.ts AS r ON p.currency = r.currency AND r.rate < 1.2;
