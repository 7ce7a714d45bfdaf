import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, defaultLog, InProcessLog, logSource, memorySink, start, TableEnvironment, type Row } from 'sluice';
import { memoryTableRows } from '../../src/connectors/memory/table-factory.ts';
import { api, until } from './rest-helpers.ts';

const SYMBOLS = ['AAPL', 'AMZN', 'GOOG', 'IBM', 'MSFT', 'NVDA'];

for (const backend of ['heap', 'lmdb'] as const) {
  test(`SQL (${backend}): a non-windowed GROUP BY answers its current row per key, as the job's output and the input say; prefix and range scans; 404s`, async () => {
    const topic = `qs_trades_${process.pid}_${backend}`;
    const log = defaultLog();
    log.createTopic(topic, { partitions: 1, ifNotExists: true });
    const output = `qs-totals-${process.pid}-${backend}`;
    const env = TableEnvironment.create({ runOptions: { handleSignals: false, ui: { port: 0 } } });
    env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'sluice-log', 'topic' = '${topic}', 'format' = 'json')`);
    env.executeSql(`CREATE TABLE totals (symbol STRING, n BIGINT, total INT) WITH ('connector' = 'sluice-memory', 'name' = '${output}')`);
    env.executeSql(`SET 'state.backend.type' = '${backend}'`);
    const handle = env.executeSql('INSERT INTO totals SELECT symbol, COUNT(*) AS n, SUM(shares) AS total FROM trades GROUP BY symbol').jobHandle!;
    try {
      const { url, jobId } = await handle.ui!;
      const trades = Array.from({ length: 120 }, (_, i) => ({ symbol: SYMBOLS[(i * 5) % SYMBOLS.length], shares: 1 + ((i * 31) % 97) }));
      // IBM appears once only, so its row is an insert never updated.
      const fed = trades.filter((t, i) => t.symbol !== 'IBM' || i === trades.findIndex((u) => u.symbol === 'IBM'));
      log.produce(topic, fed.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })));
      const aggregate = await until(async () => {
        const details = (await api(`${url}/jobs/${jobId}`)).body;
        const vertex = details.vertices.find((v: any) => v.kind === 'group-aggregate');
        return vertex?.metrics['read-records'] === fed.length ? vertex : undefined;
      }, 'the GROUP BY to read every trade');
      assert.equal(aggregate.state.backend, backend);
      await handle.checkpoint(); // commits the sink's rows
      // The job's output: the last +I/+U row per symbol.
      const emitted = new Map<string, Row>();
      for (const row of memoryTableRows(output)) {
        const { $kind, ...values } = row as Row & { $kind: string };
        if ($kind === 'insert' || $kind === 'update-after') emitted.set(String(values.symbol), values);
      }
      // The same from the input, computed here.
      const expected = new Map<string, { symbol: string; n: number; total: number }>();
      for (const t of fed) {
        const row = expected.get(t.symbol) ?? { symbol: t.symbol, n: 0, total: 0 };
        expected.set(t.symbol, { symbol: t.symbol, n: row.n + 1, total: row.total + t.shares });
      }
      assert.equal(expected.size, SYMBOLS.length);
      for (const symbol of SYMBOLS) {
        const answer = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?key=${symbol}`);
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, { operator: aggregate.id, key: symbol, result: emitted.get(symbol) }, symbol);
        const result = answer.body.result as Row;
        assert.deepEqual({ ...result, n: Number(result.n) }, expected.get(symbol));
      }
      // Scans: a prefix, then a range (bounds inclusive).
      const prefix = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?prefix=A`);
      assert.deepEqual(prefix.body.entries.map((e: any) => e.key).sort(), ['AAPL', 'AMZN']);
      assert.deepEqual(prefix.body.entries.map((e: any) => e.result).sort((a: any, b: any) => a.symbol.localeCompare(b.symbol)), [emitted.get('AAPL'), emitted.get('AMZN')]);
      const range = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?from=AMZN&to=IBM`);
      assert.deepEqual(range.body.entries.map((e: any) => e.key).sort(), ['AMZN', 'GOOG', 'IBM']);
      const limited = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?limit=2`);
      assert.equal(limited.body.entries.length, 2);
      assert.equal(limited.body.truncated, true);
      // Unknown keys and operators are 404s that say what was missing.
      const missing = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?key=ZZZZ`);
      assert.equal(missing.status, 404);
      assert.match(missing.body.errors[0], new RegExp(`operator '${aggregate.id}' keeps no state for key "ZZZZ"`));
      const sink = (await api(`${url}/jobs/${jobId}`)).body.vertices.find((v: any) => v.kind === 'sink');
      const notKeyed = await api(`${url}/jobs/${jobId}/state/${sink.id}?key=AAPL`);
      assert.equal(notKeyed.status, 404);
      assert.match(notKeyed.body.errors[0], new RegExp(`no operator '${sink.id}' in this job.*operators with keyed state: ${aggregate.id}`));
    } finally {
      await handle.stop();
    }
  });

  test(`Dataflow (${backend}): a keyed statefulMap answers its state for a number key given as JSON, matching its last output`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sluice-qs-'));
    const log = new InProcessLog();
    log.createTopic('events', { partitions: 2 });
    const out = memorySink<{ id: number; total: number }>();
    const flow = new Dataflow('qs-flow');
    flow
      .input('events', logSource<{ id: number; amount: number }>(log, { topic: 'events' }))
      .keyBy((e) => e.id)
      .statefulMap(() => 0, (sum: number, e) => [sum + e.amount, { id: e.id, total: sum + e.amount }], 'running-total')
      .output('totals', out);
    const handle = start(flow, { handleSignals: false, stateBackend: backend, ...(backend === 'lmdb' ? { stateDir: dir } : {}), ui: { port: 0 } });
    try {
      const { url, jobId } = await handle.ui!;
      const events = Array.from({ length: 60 }, (_, i) => ({ id: i % 4, amount: (i * 13) % 50 }));
      log.produce('events', events.map((e) => ({ key: String(e.id), value: JSON.stringify(e) })));
      await until(async () => (out.values.length === events.length ? true : undefined), 'every event to come out');
      const last = new Map(out.values.map((v) => [v.id, v.total]));
      for (const id of [0, 1, 2, 3]) {
        const answer = await api(`${url}/jobs/${jobId}/state/running-total?key=${id}`);
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body, { operator: 'running-total', key: id, states: { state: last.get(id) } });
        assert.equal(answer.body.states.state, events.filter((e) => e.id === id).reduce((n, e) => n + e.amount, 0));
      }
      const scan = await api(`${url}/jobs/${jobId}/state/running-total?from=1&to=2`);
      assert.deepEqual(scan.body.entries.map((e: any) => e.key).sort(), [1, 2], 'numbers compare with numeric bounds');
    } finally {
      await handle.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
}

test('SQL: a key whose row HAVING drops is a 404 that says so; a composite GROUP BY key is given as JSON', async () => {
  const topic = `qs_having_${process.pid}`;
  const log = defaultLog();
  log.createTopic(topic, { partitions: 1, ifNotExists: true });
  const env = TableEnvironment.create({ runOptions: { handleSignals: false, ui: { port: 0 } } });
  env.executeSql(`CREATE TABLE trades (symbol STRING, venue STRING, shares INT) WITH ('connector' = 'sluice-log', 'topic' = '${topic}', 'format' = 'json')`);
  env.executeSql(`CREATE TABLE busy (symbol STRING, venue STRING, n BIGINT) WITH ('connector' = 'sluice-memory', 'name' = 'qs-busy-${process.pid}')`);
  const handle = env.executeSql('INSERT INTO busy SELECT symbol, venue, COUNT(*) AS n FROM trades GROUP BY symbol, venue HAVING COUNT(*) > 1').jobHandle!;
  try {
    const { url, jobId } = await handle.ui!;
    const trades = [['AAPL', 'X'], ['AAPL', 'X'], ['AAPL', 'Y'], ['IBM', 'X']].map(([symbol, venue]) => ({ symbol, venue, shares: 1 }));
    log.produce(topic, trades.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })));
    const aggregate = await until(async () => {
      const vertex = (await api(`${url}/jobs/${jobId}`)).body.vertices.find((v: any) => v.kind === 'group-aggregate');
      return vertex?.metrics['read-records'] === trades.length ? vertex : undefined;
    }, 'the GROUP BY to read every trade');
    const key = (parts: string[]): string => encodeURIComponent(JSON.stringify(parts));
    const busy = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?key=${key(['AAPL', 'X'])}`);
    assert.equal(busy.status, 200, busy.text);
    assert.deepEqual(busy.body.result, { symbol: 'AAPL', venue: 'X', n: 2 });
    const quiet = await api(`${url}/jobs/${jobId}/state/${aggregate.id}?key=${key(['AAPL', 'Y'])}`);
    assert.equal(quiet.status, 404);
    assert.match(quiet.body.errors[0], /holds a row for key \["AAPL","Y"\], but the query's condition after it \(HAVING\) drops it/);
  } finally {
    await handle.stop();
  }
});
