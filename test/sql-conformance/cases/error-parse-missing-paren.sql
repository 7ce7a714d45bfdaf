-- Negative: a parse error names what was expected and what was found, at the line and column
SELECT symbol, SUM(shares
FROM trades
GROUP BY symbol;
