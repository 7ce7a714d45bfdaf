import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EnvironmentSettings, TableEnvironment, type Row } from '../../src/index.ts';
import { registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { isAuctionEvent, isBidEvent, nexmarkSource, type NexmarkEvent } from '../../src/connectors/datagen/index.ts';
import { ROW_KIND } from '../../src/formats/row-kind.ts';
import { NEXMARK_SOURCE } from '../api/sql/corpus-nexmark.ts';
import { readSplit } from '../connectors/datagen/read-split.ts';

/**
 * Running a Nexmark query as the suite writes it on the generator's events (only the source's
 * connector options change: a memory table holding the events) and the same query's batch answer
 * from DuckDB over the same events (tables `bid` and `auction`, rows in arrival order: DuckDB's
 * rowid), each as sorted lines of values to compare.
 */

export function sourceOn(name: string): string {
  const ddl = NEXMARK_SOURCE.replace(/WITH \([^)]*'connector' = 'nexmark'[^)]*\)/, `WITH ('connector' = 'sluice-memory', 'name' = '${name}')`);
  assert.notEqual(ddl, NEXMARK_SOURCE, 'the source DDL names the nexmark connector');
  return ddl;
}

export function selectOf(query: string): string {
  const match = /INSERT INTO \w+\s+([\s\S]*?);?\s*$/.exec(query);
  assert.ok(match, 'the query is an INSERT INTO');
  return match[1];
}

export async function events(count: number, seed: number): Promise<NexmarkEvent[]> {
  const { values, ended } = await readSplit(nexmarkSource({ maxEvents: count, seed }));
  assert.equal(ended, true);
  return values;
}

/** The query's changelog applied (+I/+U add a row, -U/-D take one away): the rows left at the end, each as a line of its values. */
export async function finalRows(name: string, generated: readonly NexmarkEvent[], query: string, columns: readonly string[]): Promise<string[]> {
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
export async function duckdb(generated: readonly NexmarkEvent[], query: string): Promise<string[]> {
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

export const line = (values: readonly unknown[]): string => JSON.stringify(values);
