-- Event-time temporal join: each payment takes the rate valid at its time (the latest version at or before it, out-of-order versions placed by their time); no version yet, no row
-- tables: payments, rates
-- duckdb: SELECT p.id, p.amount * r.rate AS converted, r.ts AS rate_time, p.ts FROM payments p ASOF JOIN rates r ON p.currency = r.currency AND p.ts >= r.ts
SELECT p.id, p.amount * r.rate AS converted, r.ts AS rate_time, p.ts
FROM payments p JOIN rates FOR SYSTEM_TIME AS OF p.ts AS r ON p.currency = r.currency;
