-- Top-N through a WITH query and a view: the filter on the row number in the query that reads them limits the ranking they compute
-- order: final
-- duckdb: SELECT user_name, page, duration, rn FROM (
-- duckdb:   SELECT user_name, page, duration, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY duration DESC, rowid) AS rn FROM clicks WHERE duration IS NOT NULL
-- duckdb: ) WHERE rn <= 2
-- duckdb: UNION ALL
-- duckdb: SELECT user_name, page, duration, 0 FROM (
-- duckdb:   SELECT user_name, page, duration, ROW_NUMBER() OVER (PARTITION BY page ORDER BY duration ASC, rowid) AS rn FROM clicks WHERE duration IS NOT NULL
-- duckdb: ) WHERE rn = 1
CREATE TABLE clicks (
    seq INT,
    user_name STRING,
    page STRING,
    ts TIMESTAMP(3),
    duration INT,
    WATERMARK FOR ts AS ts - INTERVAL '2' MINUTE
) WITH (
    'connector' = 'filesystem',
    'path' = 'data/clicks.json',
    'format' = 'json'
);

CREATE VIEW shortest_per_page AS
SELECT user_name, page, duration, ROW_NUMBER() OVER (PARTITION BY page ORDER BY duration ASC) AS rn
FROM clicks WHERE duration IS NOT NULL;

WITH longest AS (
    SELECT user_name, page, duration, ROW_NUMBER() OVER (PARTITION BY user_name ORDER BY duration DESC) AS rn
    FROM clicks WHERE duration IS NOT NULL
)
SELECT user_name, page, duration, rn FROM longest WHERE rn <= 2
UNION ALL
SELECT user_name, page, duration, CAST(0 AS BIGINT) FROM shortest_per_page WHERE rn = 1;
