-- Negative: an unknown table, at the FROM reference
SELECT *
FROM stock_data;
