/** DDL and utility statements, one per entry, covering every clause the parser knows. */
export const DDL_CORPUS: readonly string[] = [
  // CREATE TABLE: physical, computed and metadata columns, constraints, comments, partitions, LIKE, CTAS
  `CREATE TABLE IF NOT EXISTS cat1.db1.orders (
     order_id BIGINT NOT NULL,
     customer STRING COMMENT 'who ordered',
     amount DECIMAL(10, 2),
     currency CHAR(3),
     tags ARRAY<STRING>,
     attrs MAP<STRING, INT NOT NULL>,
     address ROW<street STRING, city STRING COMMENT 'town'>,
     ts TIMESTAMP(3),
     total AS amount * 1.2 COMMENT 'with tax',
     event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
     part INT METADATA FROM 'partition' VIRTUAL,
     \`offset\` BIGINT METADATA VIRTUAL,
     headers MAP<STRING, BYTES> METADATA,
     WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
     PRIMARY KEY (order_id) NOT ENFORCED
   ) COMMENT 'all orders'
   PARTITIONED BY (currency)
   WITH ('connector' = 'kafka', 'topic' = 'orders', 'value.format' = 'json')`,
  `CREATE TABLE users (id BIGINT PRIMARY KEY NOT ENFORCED, name STRING) WITH ('connector' = 'jdbc')`,
  `CREATE TABLE users2 (id BIGINT CONSTRAINT pk_id PRIMARY KEY NOT ENFORCED COMMENT 'key', name STRING)
   WITH ('connector' = 'upsert-kafka', 'key.format' = 'json', 'value.format' = 'json')`,
  `CREATE TABLE users3 (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a, b) NOT ENFORCED) WITH ('connector' = 'datagen')`,
  `CREATE TEMPORARY TABLE tmp_events (
     \`value\` STRING, \`timestamp\` TIMESTAMP(3), \`date\` DATE, \`time\` TIME(0), window_start TIMESTAMP(3)
   ) WITH ('connector' = 'datagen', 'rows-per-second' = '5')`,
  `CREATE TABLE types_all (
     a TINYINT, b SMALLINT, c INTEGER, d BIGINT, e FLOAT, f DOUBLE PRECISION, g REAL,
     h NUMERIC(5), i DEC(7, 3), j VARCHAR(100), k CHARACTER VARYING(20), l BINARY(4), m VARBINARY(16),
     n BYTES, o BOOLEAN, p DATE, q TIME(3) WITHOUT TIME ZONE, r TIMESTAMP(6) WITHOUT TIME ZONE,
     s TIMESTAMP(3) WITH LOCAL TIME ZONE, t INTERVAL DAY(2) TO SECOND(3), u INTERVAL YEAR TO MONTH,
     v MULTISET<INT>, w INT ARRAY, x ROW(f1 INT, f2 STRING) NOT NULL, y ARRAY<ROW<k STRING, v MAP<STRING, DOUBLE>>>,
     z INTERVAL SECOND(2, 6), aa STRING NOT NULL, ab INTERVAL MINUTE
   ) WITH ('connector' = 'blackhole')`,
  `CREATE TABLE orders_copy WITH ('topic' = 'orders_copy') LIKE orders (EXCLUDING ALL INCLUDING GENERATED OVERWRITING OPTIONS)`,
  `CREATE TABLE orders_like (extra INT) WITH ('connector' = 'print') LIKE orders`,
  `CREATE TABLE orders_ctas WITH ('connector' = 'blackhole') AS SELECT order_id, amount FROM orders WHERE amount > 10`,
  `CREATE TABLE stocks (symbol STRING, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
   WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = 'localhost:9092', 'scan.startup.mode' = 'earliest-offset')`,
  `CREATE TABLE proc_src (id INT, pt AS PROCTIME()) WITH ('connector' = 'datagen')`,
  `CREATE TABLE wm_strict (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '0.001' SECOND) WITH ('connector' = 'datagen')`,
  // views
  `CREATE VIEW v1 AS SELECT * FROM orders`,
  `CREATE TEMPORARY VIEW IF NOT EXISTS v2 (id, total) COMMENT 'totals' AS SELECT order_id, SUM(amount) FROM orders GROUP BY order_id`,
  // functions
  `CREATE FUNCTION f1 AS 'com.example.F1'`,
  `CREATE TEMPORARY FUNCTION IF NOT EXISTS db.f2 AS 'com.example.F2' LANGUAGE JAVA`,
  `CREATE TEMPORARY SYSTEM FUNCTION f3 AS 'com.example.F3' LANGUAGE SCALA`,
  `CREATE FUNCTION py_upper AS 'udfs.upper' LANGUAGE PYTHON`,
  `CREATE FUNCTION f4 AS 'com.example.F4' USING JAR '/opt/udf.jar', JAR '/opt/dep.jar'`,
  `CREATE TEMPORARY FUNCTION count_char AS 'examples/udfs/text-functions.ts:CountChar' LANGUAGE TYPESCRIPT`,
  `CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS mask AS './udfs/mask.js' LANGUAGE JAVASCRIPT`,
  // drops
  `DROP TABLE orders`,
  `DROP TABLE IF EXISTS cat1.db1.orders`,
  `DROP TEMPORARY VIEW IF EXISTS v2`,
  `DROP TEMPORARY SYSTEM FUNCTION f3`,
  `DROP FUNCTION IF EXISTS db.f2`,
  // utility statements
  `SET`,
  `SET 'table.exec.state.ttl' = '1 h'`,
  `RESET`,
  `RESET 'parallelism.default'`,
  `SHOW TABLES`,
  `SHOW VIEWS`,
  `SHOW FUNCTIONS`,
  `SHOW USER FUNCTIONS`,
  `SHOW CATALOGS`,
  `SHOW DATABASES`,
  `SHOW CURRENT DATABASE`,
  `SHOW FULL MODULES`,
  `SHOW TABLES FROM cat1.db1 NOT LIKE 'tmp%'`,
  `SHOW CREATE TABLE orders`,
  `DESCRIBE orders`,
  `DESC EXTENDED cat1.db1.orders`,
  `USE db1`,
  `USE CATALOG cat1`,
  `EXPLAIN PLAN FOR SELECT * FROM orders`,
  `EXPLAIN CHANGELOG_MODE, ESTIMATED_COST INSERT INTO sink SELECT * FROM orders`,
  `EXPLAIN SELECT 1`,
  // DML
  `INSERT INTO sink SELECT * FROM orders`,
  `INSERT OVERWRITE sink (a, b) SELECT x, y FROM src`,
  `INSERT INTO sink /*+ OPTIONS('sink.parallelism' = '2') */ SELECT * FROM src`,
  `INSERT INTO fs_sink PARTITION (dt = '2024-01-01', hr = 10) SELECT a, b FROM src`,
  `INSERT INTO sink VALUES (1, 'a'), (2, 'b')`,
  `INSERT INTO sink (SELECT * FROM src)`,
  `EXECUTE STATEMENT SET BEGIN
     INSERT INTO sink1 SELECT * FROM src WHERE a > 1;
     INSERT INTO sink2 SELECT * FROM src WHERE a <= 1;
   END`,
  `BEGIN STATEMENT SET;
   INSERT INTO sink1 SELECT 'a;b' FROM src; -- a ; in a comment
   INSERT INTO sink2 /* another ; */ SELECT * FROM src;
   END`,
];
