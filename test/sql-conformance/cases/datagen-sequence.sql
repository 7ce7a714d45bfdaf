-- The datagen connector with sequence fields is a bounded, deterministic source (Flink's 'fields.#.kind' = 'sequence')
-- duckdb: SELECT id % 3 AS bucket, COUNT(*) AS n, SUM(id) AS total, MIN(code) AS first_code FROM (SELECT range AS id, range + 100 AS code FROM range(1, 11)) GROUP BY 1
-- mode: batch
CREATE TABLE gen (
    id INT,
    code BIGINT
) WITH (
    'connector' = 'datagen',
    'fields.id.kind' = 'sequence',
    'fields.id.start' = '1',
    'fields.id.end' = '10',
    'fields.code.kind' = 'sequence',
    'fields.code.start' = '101',
    'fields.code.end' = '110'
);

SELECT id % 3 AS bucket, COUNT(*) AS n, SUM(id) AS total, MIN(code) AS first_code
FROM gen
GROUP BY id % 3;
