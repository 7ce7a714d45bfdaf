-- A directory of files as one table, with the file name as a VIRTUAL metadata column
-- duckdb: SELECT parse_filename(filename), COUNT(*), CAST(SUM(amount) AS INTEGER)
-- duckdb: FROM read_json('metadata-columns.input/parts/*', format = 'newline_delimited', columns = {'id': 'INTEGER', 'amount': 'INTEGER'}, filename = true)
-- duckdb: GROUP BY filename
-- mode: batch
CREATE TABLE parts (
    id INT,
    amount INT,
    file_name STRING NOT NULL METADATA FROM 'file.name' VIRTUAL
) WITH (
    'connector' = 'filesystem',
    'path' = 'metadata-columns.input/parts',
    'format' = 'json'
);

SELECT file_name, COUNT(*) AS rows_in_file, SUM(amount) AS total
FROM parts
GROUP BY file_name;
