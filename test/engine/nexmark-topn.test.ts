import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EnvironmentSettings, TableEnvironment, type Row } from '../../src/index.ts';
import { registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { isAuctionEvent, isBidEvent, nexmarkSource, type NexmarkEvent } from '../../src/connectors/datagen/index.ts';
import { ROW_KIND } from '../../src/formats/row-kind.ts';
import { NEXMARK, NEXMARK_SOURCE } from '../api/sql/corpus-nexmark.ts';
import { readSplit } from '../connectors/datagen/read-split.ts';

/**
 * Nexmark's Top-N and deduplication queries (q9, q18, q19) run as the suite writes them on the
 * generator's events (only the source's connector options change); the changelog each emits, applied,
 * must equal DuckDB's answer to the same query over the same events (ties broken by arrival, the
 * order the engine keeps: DuckDB's rowid).
 */

function sourceOn(name: string): string {
  const ddl = NEXMARK_SOURCE.replace(/WITH \([^)]*'connector' = 'nexmark'[^)]*\)/, `WITH ('connector' = 'sluice-memory', 'name' = '${name}')`);
  assert.notEqual(ddl, NEXMARK_SOURCE, 'the source DDL names the nexmark connector');
  return ddl;
}

function selectOf(query: string): string {
  const match = /INSERT INTO \w+\s+([\s\S]*?);?\s*$/.exec(query);
  assert.ok(match, 'the query is an INSERT INTO');
  return match[1];
}

async function events(count: number, seed: number): Promise<NexmarkEvent[]> {
  const { values, ended } = await readSplit(nexmarkSource({ maxEvents: count, seed }));
  assert.equal(ended, true);
  return values;
}

/** The query's changelog applied: the rows left at the end, each as a line of its values. */
async function finalRows(name: string, generated: readonly NexmarkEvent[], query: string, columns: readonly string[]): Promise<string[]> {
  registerMemoryTable(name, generated as unknown as Row[]);
  const env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
  for (const statement of sourceOn(name).split(/;\s*\n/).filter((s) => s.trim() !== '')) env.executeSql(statement);
  const live = new Map<string, number>();
  for (const row of await env.sqlQuery(selectOf(query)).collect()) {
    const text = line(columns.map((c) => row[c]));
    const kind = row[ROW_KIND] ?? 'insert';
    const count = live.get(text) ?? 0;
    if (kind === 'insert' || kind === 'update-after') live.set(text, count + 1);
    else {
      assert.ok(count > 0, `${name}: ${String(kind)} of a row never emitted: ${text}`);
      if (count === 1) live.delete(text);
      else live.set(text, count - 1);
    }
  }
  return [...live.entries()].flatMap(([text, n]) => Array<string>(n).fill(text)).sort();
}

/** DuckDB's rows for `query` over tables `bid` and `auction` holding the same events, in arrival order. */
async function duckdb(generated: readonly NexmarkEvent[], query: string): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-nexmark-topn-'));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const bids = generated.filter(isBidEvent).map((e) => JSON.stringify(e.bid)).join('\n');
    const auctions = generated.filter(isAuctionEvent).map((e) => JSON.stringify(e.auction)).join('\n');
    writeFileSync(join(dir, 'bid.json'), `${bids}\n`);
    writeFileSync(join(dir, 'auction.json'), `${auctions}\n`);
    await connection.run(`CREATE TABLE bid AS SELECT auction, bidder, price, channel, url, epoch_ms("dateTime") AS "dateTime", extra
      FROM read_json('${join(dir, 'bid.json')}', format = 'newline_delimited',
        columns = {auction: 'BIGINT', bidder: 'BIGINT', price: 'BIGINT', channel: 'VARCHAR', url: 'VARCHAR', dateTime: 'BIGINT', extra: 'VARCHAR'})`);
    await connection.run(`CREATE TABLE auction AS SELECT id, "itemName", seller, epoch_ms("dateTime") AS "dateTime", epoch_ms(expires) AS expires
      FROM read_json('${join(dir, 'auction.json')}', format = 'newline_delimited',
        columns = {id: 'BIGINT', itemName: 'VARCHAR', seller: 'BIGINT', dateTime: 'BIGINT', expires: 'BIGINT'})`);
    const reader = await connection.runAndReadAll(query);
    return reader.getRowsJS().map((values) => line(values.map((v) => (typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.getTime() : v)))).sort();
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (values: readonly unknown[]): string => JSON.stringify(values);

test('Nexmark q19 (the ten highest bids of each auction, with their rank: Top-N) equals DuckDB on the same events', async () => {
  const generated = await events(20_000, 19);
  const columns = ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra', 'rank_number'];
  const engine = await finalRows('nexmark-q19-events', generated, NEXMARK.q19, columns);
  const oracle = await duckdb(generated, `SELECT auction, bidder, price, channel, url, "dateTime", extra, rank_number FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC, rowid) AS rank_number FROM bid) WHERE rank_number <= 10`);
  assert.ok(oracle.length >= 100, `only ${oracle.length} rows: too few to test anything`);
  assert.deepEqual(engine, oracle);
});

test('Nexmark q18 (the last bid of each bidder on each auction: deduplication keeping the last row) equals DuckDB on the same events', async () => {
  const generated = await events(20_000, 18);
  const columns = ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'];
  const engine = await finalRows('nexmark-q18-events', generated, NEXMARK.q18, columns);
  const oracle = await duckdb(generated, `SELECT auction, bidder, price, channel, url, "dateTime", extra FROM (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY "dateTime" DESC, rowid DESC) AS rank_number FROM bid) WHERE rank_number <= 1`);
  assert.ok(oracle.length >= 100, `only ${oracle.length} rows: too few to test anything`);
  assert.deepEqual(engine, oracle);
});

test('Nexmark q9 (the winning bid of each auction: a join, then Top-1 per auction) equals DuckDB on the same events', async () => {
  const generated = await events(20_000, 9);
  const columns = ['id', 'itemName', 'seller', 'auction', 'price', 'bid_dateTime'];
  const engine = await finalRows('nexmark-q9-events', generated, NEXMARK.q9, columns);
  // Bids tying on price and time differ only in columns q9 does not select, so any of them gives the same row.
  const oracle = await duckdb(generated, `SELECT id, "itemName", seller, auction, price, bid_dateTime FROM (
    SELECT A.id, A."itemName", A.seller, B.auction, B.price, B."dateTime" AS bid_dateTime,
      ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B."dateTime" ASC) AS rownum
    FROM auction A, bid B WHERE A.id = B.auction AND B."dateTime" BETWEEN A."dateTime" AND A.expires) WHERE rownum <= 1`);
  assert.ok(oracle.length >= 20, `only ${oracle.length} rows: too few to test anything`);
  assert.deepEqual(engine, oracle);
});
