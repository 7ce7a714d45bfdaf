-- Negative: a string literal that never ends is a lexer error at its opening quote
SELECT 'AAPL AS symbol;
