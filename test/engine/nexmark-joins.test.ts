import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvironmentSettings, TableEnvironment, type Row } from '../../src/index.ts';
import { registerMemoryTable } from '../../src/connectors/memory/table-factory.ts';
import { isAuctionEvent, isPersonEvent, nexmarkSource, type NexmarkEvent } from '../../src/connectors/datagen/index.ts';
import { NEXMARK, NEXMARK_SOURCE } from '../api/sql/corpus-nexmark.ts';
import { readSplit } from '../connectors/datagen/read-split.ts';

/**
 * Nexmark's join queries run as the suite writes them, on the generator's events: only the source's
 * connector options change (a memory table holding the events the Nexmark generator made), and the
 * query's rows are collected instead of going to the blackhole sink. Each result must equal an
 * independent computation over the same events in plain TypeScript.
 */

/** The suite's source DDL reading `name`, a memory table of generated events. */
function sourceOn(name: string): string {
  const ddl = NEXMARK_SOURCE.replace(/WITH \([^)]*'connector' = 'nexmark'[^)]*\)/, `WITH ('connector' = 'sluice-memory', 'name' = '${name}')`);
  assert.notEqual(ddl, NEXMARK_SOURCE, 'the source DDL names the nexmark connector');
  return ddl;
}

/** The SELECT of a suite query (its text after `INSERT INTO <sink>`). */
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

async function run(name: string, events: readonly NexmarkEvent[], query: string): Promise<Row[]> {
  registerMemoryTable(name, events as unknown as Row[]);
  const env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
  for (const statement of sourceOn(name).split(/;\s*\n/).filter((s) => s.trim() !== '')) env.executeSql(statement);
  return env.sqlQuery(selectOf(query)).collect();
}

const line = (values: readonly unknown[]): string => JSON.stringify(values);

test('Nexmark q3 (persons selling in category 10 from OR, ID, CA: a regular inner join) equals a hash join of the same events', async () => {
  const generated = await events(30_000, 7);
  const rows = await run('nexmark-q3-events', generated, NEXMARK.q3);

  const sellers = new Map<number, { name: string; city: string; state: string }[]>();
  for (const e of generated) {
    if (!isPersonEvent(e) || !['OR', 'ID', 'CA'].includes(e.person.state)) continue;
    const list = sellers.get(e.person.id) ?? [];
    list.push(e.person);
    sellers.set(e.person.id, list);
  }
  const expected: string[] = [];
  for (const e of generated) {
    if (!isAuctionEvent(e) || e.auction.category !== 10) continue;
    for (const p of sellers.get(e.auction.seller) ?? []) expected.push(line([p.name, p.city, p.state, e.auction.id]));
  }
  assert.ok(expected.length >= 20, `only ${expected.length} expected rows: too few to test anything`);
  assert.deepEqual(rows.map((r) => line([r.name, r.city, r.state, r.id])).sort(), expected.sort());
});

test('Nexmark q8 (new users who opened auctions in the same 10 s window: a join of two window aggregates) equals an independent computation', async () => {
  const generated = await events(30_000, 8);
  const rows = await run('nexmark-q8-events', generated, NEXMARK.q8);

  const SIZE = 10_000;
  const windowOf = (time: number): number => time - (time % SIZE);
  const persons = new Map<string, [number, string, number]>();
  const sellers = new Set<string>();
  for (const e of generated) {
    if (isPersonEvent(e)) persons.set(line([e.person.id, e.person.name, windowOf(e.person.dateTime)]), [e.person.id, e.person.name, windowOf(e.person.dateTime)]);
    if (isAuctionEvent(e)) sellers.add(line([e.auction.seller, windowOf(e.auction.dateTime)]));
  }
  const expected = [...persons.values()].filter(([id, , start]) => sellers.has(line([id, start]))).map((values) => line(values));
  assert.ok(expected.length >= 20, `only ${expected.length} expected rows: too few to test anything`);
  assert.deepEqual(rows.map((r) => line([r.id, r.name, r.starttime])).sort(), expected.sort());
});
