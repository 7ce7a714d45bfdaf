-- Negative: an option the connector does not know lists the valid ones
CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'path' = 'data/trades.json', 'format' = 'json', 'scan.startup.mode' = 'earliest-offset');

SELECT a FROM t;
