import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScript, parseStatement } from '../../../src/api/sql/index.ts';
import { DDL_CORPUS } from './corpus-ddl.ts';
import { EXPRESSION_CORPUS } from './corpus-expressions.ts';
import { NEXMARK, NEXMARK_SOURCE } from './corpus-nexmark.ts';
import { QUERY_CORPUS } from './corpus-queries.ts';
import { assertRoundTrip, positioned } from './helpers.ts';

/** The seed's two statements, verbatim (PyFlink's execute_sql / sql_query arguments). */
const SEED_CREATE = `
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH (
    'connector' = 'kafka',
    'topic' = 'stock_topic',
    'properties.bootstrap.servers' = 'localhost:9092',
    'format' = 'json',
    'scan.startup.mode' = 'latest-offset'
)
`;
const SEED_QUERY = `
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)
`;

/** Every positioned node's line and column agree with its offset in the text. */
function assertPositionsConsistent(sql: string): void {
  const lines = sql.split('\n');
  for (const node of positioned(parseScript(sql))) {
    const { line, column, offset } = node.pos;
    const lineStart = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    assert.equal(lineStart + column - 1, offset, `node at ${line}:${column} has offset ${offset}`);
    assert.ok(offset < sql.length && /\S/.test(sql[offset]), `node at ${line}:${column} starts on whitespace`);
  }
}

test('the seed CREATE TABLE with its WATERMARK parses verbatim and round-trips', () => {
  const [stmt] = assertRoundTrip(SEED_CREATE);
  assert.equal(stmt.kind, 'CreateTable');
  assertPositionsConsistent(SEED_CREATE);
});

test('the seed windowed aggregation query parses verbatim and round-trips', () => {
  const [stmt] = assertRoundTrip(SEED_QUERY);
  assert.equal(stmt.kind, 'Query');
  assertPositionsConsistent(SEED_QUERY);
  // and as a two-statement script, the way a job file holds them
  assert.equal(parseScript(`${SEED_CREATE};\n${SEED_QUERY};`).length, 2);
});

test('the Nexmark source table and views round-trip', () => {
  assert.equal(assertRoundTrip(NEXMARK_SOURCE).length, 4);
  assertPositionsConsistent(NEXMARK_SOURCE);
});

test('all 23 Nexmark queries q0–q22 parse and round-trip', () => {
  assert.equal(Object.keys(NEXMARK).length, 23);
  for (const [name, script] of Object.entries(NEXMARK)) {
    const statements = assertRoundTrip(script);
    assert.equal(statements.at(-1)?.kind, 'Insert', name);
    assertPositionsConsistent(script);
  }
});

test('the DDL and utility corpus round-trips statement by statement', () => {
  for (const sql of DDL_CORPUS) {
    assertRoundTrip(sql);
    assertPositionsConsistent(sql);
  }
});

test('the query corpus round-trips', () => {
  for (const sql of QUERY_CORPUS) {
    assertRoundTrip(sql);
    assertPositionsConsistent(sql);
  }
});

test('the expression corpus round-trips inside SELECT … FROM t', () => {
  for (const expr of EXPRESSION_CORPUS) {
    const sql = `SELECT ${expr} FROM t`;
    assertRoundTrip(sql);
    assertPositionsConsistent(sql);
  }
});

test('the corpus holds well over 80 statements besides the seed and Nexmark', () => {
  const count = DDL_CORPUS.length + QUERY_CORPUS.length + EXPRESSION_CORPUS.length;
  assert.ok(count >= 80, `only ${count}`);
  // each corpus entry is exactly one statement
  for (const sql of [...DDL_CORPUS, ...QUERY_CORPUS]) assert.doesNotThrow(() => parseStatement(sql), sql);
});
