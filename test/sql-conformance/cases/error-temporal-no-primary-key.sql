-- A temporal join needs a versioned table: one with a PRIMARY KEY
-- tables: payments, orders
SELECT p.id, o.amount
FROM payments p JOIN orders FOR SYSTEM_TIME AS OF p.ts AS o ON p.id = o.id;
