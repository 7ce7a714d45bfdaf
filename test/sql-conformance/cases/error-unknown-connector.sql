-- Negative: an unknown connector lists the available ones
CREATE TABLE t (a INT) WITH ('connector' = 'filesytem', 'path' = 'x', 'format' = 'json');

SELECT a FROM t;
