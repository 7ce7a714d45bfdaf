import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataflow, InProcessLog, logSource, MemoryCheckpointStorage, memorySink, start, type JobHandle, type UiEndpoint } from 'sluice';
import { api, until } from './rest-helpers.ts';

interface Trade { symbol: string; shares: number; time: number }
interface Total { symbol: string; total: number }

const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA'];

/** A keyed running total per symbol over a two-partition topic of the in-process log. */
function totalsJob(log: InProcessLog, out: ReturnType<typeof memorySink<Total>>, poison?: string): Dataflow {
  const flow = new Dataflow('rest-totals');
  flow
    .input('trades', logSource<Trade>(log, { topic: 'trades' }), { watermark: { timestamp: (t) => t.time, maxOutOfOrderness: '1 second' } })
    .map((t) => {
      if (t.symbol === poison) throw new Error(`poison record for ${poison} at ${t.time}`);
      return t;
    })
    .keyBy((t) => t.symbol)
    .statefulMap(() => 0, (sum: number, t) => [sum + t.shares, { symbol: t.symbol, total: sum + t.shares }], 'running-total')
    .output('totals', out);
  return flow;
}

/** Trades with seeded shares and times, appended keyed by symbol (a symbol stays in its partition). */
function produce(log: InProcessLog, count: number, firstTime: number): Trade[] {
  const trades: Trade[] = [];
  for (let i = 0; i < count; i++) trades.push({ symbol: SYMBOLS[(i * 7) % SYMBOLS.length], shares: 1 + ((i * 37) % 100), time: firstTime + i * 250 });
  log.produce('trades', trades.map((t) => ({ key: t.symbol, value: JSON.stringify(t), timestamp: t.time })));
  return trades;
}

async function endpointOf(handle: JobHandle): Promise<UiEndpoint> {
  assert.ok(handle.ui, 'a job started with ui has an endpoint');
  return handle.ui;
}

test('the REST API shows the graph, counts, watermarks per split, lag, checkpoints and config, and cancels with a final checkpoint', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-rest-'));
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  const out = memorySink<Total>();
  const handle = start(totalsJob(log, out), { handleSignals: false, checkpointDir: dir, checkpointInterval: 3_600_000, ui: { port: 0 } });
  try {
    const { url, jobId } = await endpointOf(handle);
    assert.match(jobId, /^[0-9a-f]{32}$/);
    const jobs = await api(`${url}/jobs`);
    assert.deepEqual(jobs.body, { jobs: [{ id: jobId, status: 'RUNNING' }] });

    const trades = produce(log, 40, 1_700_000_000_000);
    const details = await until(async () => {
      const d = (await api(`${url}/jobs/${jobId}`)).body;
      const sink = d.vertices.find((v: any) => v.kind === 'sink');
      return sink.metrics['read-records'] === trades.length ? d : undefined;
    }, 'the sink to receive every trade');
    assert.equal(details.jid, jobId);
    assert.equal(details.name, 'rest-totals');
    assert.equal(details.state, 'RUNNING');
    const byId = new Map<string, any>(details.vertices.map((v: any) => [v.id, v]));
    const source = details.vertices.find((v: any) => v.kind === 'source');
    assert.equal(source.metrics['write-records'], trades.length);
    const total = byId.get('running-total');
    assert.ok(total, `the statefulMap step is a vertex: ${[...byId.keys()].join(', ')}`);
    assert.equal(total.metrics['read-records'], trades.length);
    assert.equal(total.metrics['write-records'], trades.length);
    assert.deepEqual(total.state, { keys: SYMBOLS.length, backend: 'heap' });
    // The plan's edges: source → map → running-total → sink.
    const nodes = new Map<string, any>(details.plan.nodes.map((n: any) => [n.id, n]));
    const mapId = nodes.get('running-total').inputs[0].id;
    assert.equal(nodes.get(mapId).inputs[0].id, source.id);
    const sink = details.vertices.find((v: any) => v.kind === 'sink');
    assert.deepEqual(nodes.get(sink.id).inputs.map((i: any) => i.id), ['running-total']);

    // Watermarks per split: each partition's largest event time minus the out-of-orderness.
    const marks = (await api(`${url}/jobs/${jobId}/vertices/${source.id}/watermarks`)).body as { id: string; value: string }[];
    for (const partition of [0, 1]) {
      const times = log.read('trades', partition, 0, 1e9).map((r) => (JSON.parse(String(r.value)) as Trade).time);
      assert.ok(times.length > 0, `partition ${partition} has trades`);
      const expected = Math.max(...times) - 1000;
      assert.deepEqual(marks.find((m) => m.id === `0.split.trades-${partition}.currentWatermark`), { id: `0.split.trades-${partition}.currentWatermark`, value: String(expected) });
    }
    const backpressure = (await api(`${url}/jobs/${jobId}/vertices/${source.id}/backpressure`)).body;
    assert.ok(['ok', 'low', 'high'].includes(backpressure.backpressureLevel));
    assert.ok(backpressure.subtasks[0].ratio >= 0 && backpressure.subtasks[0].ratio <= 1);

    // Per partition: the reader's offset is the partition's end, nothing left to read.
    const lag = (await api(`${url}/jobs/${jobId}/kafka-lag`)).body.partitions as any[];
    assert.equal(lag.length, 2);
    for (const p of lag) {
      assert.equal(p.topic, 'trades');
      assert.equal(p.offset, log.endOffset('trades', p.partition));
      assert.equal(p.lag, 0);
    }

    // A checkpoint taken now is in the history with the size the job status reports.
    const id = await handle.checkpoint();
    const checkpoints = (await api(`${url}/jobs/${jobId}/checkpoints`)).body;
    assert.equal(checkpoints.counts.completed, 1);
    assert.equal(checkpoints.history[0].id, id);
    assert.equal(checkpoints.history[0].status, 'COMPLETED');
    assert.equal(checkpoints.history[0].checkpointed_size, handle.status().lastCheckpoint?.stateBytes);
    assert.ok(checkpoints.history[0].checkpointed_size > 0, 'five keys of state were written');
    assert.equal(checkpoints.latest.completed.id, id);

    const config = (await api(`${url}/jobs/${jobId}/config`)).body;
    assert.equal(config['execution-config']['user-config'].checkpointInterval, 3_600_000);
    assert.equal(config['execution-config']['job-parallelism'], 1);

    // Cancel: 202, then the job stops after a final checkpoint.
    const cancel = await api(`${url}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
    assert.equal(cancel.status, 202);
    assert.equal(cancel.body.state, 'CANCELLING');
    const result = await handle.done;
    assert.equal(result.outcome, 'stopped');
    assert.equal(result.lastCheckpointId, id + 1, 'stopping took a final checkpoint');
    await assert.rejects(fetch(`${url}/jobs`), 'the server closed with the job');
  } finally {
    await handle.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('errors are JSON with a status and a message naming what was wrong, never a stack trace', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  const handle = start(totalsJob(log, memorySink<Total>()), { handleSignals: false, ui: { port: 0 } });
  try {
    const { url, jobId } = await endpointOf(handle);
    const cases: [string, number, RegExp][] = [
      [`${url}/jobs/0123456789abcdef0123456789abcdef`, 404, new RegExp(`no job '0123456789abcdef0123456789abcdef': this server runs job ${jobId}`)],
      [`${url}/nowhere`, 404, /no such endpoint: GET \/nowhere/],
      [`${url}/jobs/${jobId}/vertices/running-totl/watermarks`, 404, /no vertex 'running-totl'.*did you mean 'running-total'/],
      [`${url}/jobs/${jobId}/state/running-totl?key=AAPL`, 404, /no operator 'running-totl' in this job \(did you mean 'running-total'\?\)/],
      [`${url}/jobs/${jobId}/state/running-total?kye=AAPL`, 400, /unknown query parameter 'kye' \(did you mean 'key'\?\)/],
      [`${url}/jobs/${jobId}/state/running-total?limit=lots`, 400, /limit must be an integer, got 'lots'/],
    ];
    for (const [address, status, message] of cases) {
      const response = await api(address);
      assert.equal(response.status, status, address);
      assert.equal(response.body.status, status);
      assert.match(response.body.errors[0], message);
      assert.ok(!/\n\s+at /.test(response.text), `no stack trace in ${response.text}`);
    }
  } finally {
    await handle.stop();
  }
});

test('a failed job shows its exception, and with keepOpen the API outlives the job', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  const handle = start(totalsJob(log, memorySink<Total>(), 'NVDA'), { handleSignals: false, ui: { port: 0, keepOpen: true } });
  const { url, jobId } = await endpointOf(handle);
  try {
    produce(log, 10, 1_700_000_000_000);
    await assert.rejects(handle.done, /poison record for NVDA/);
    const jobs = (await api(`${url}/jobs`)).body;
    assert.equal(jobs.jobs[0].status, 'FAILED');
    const exceptions = await api(`${url}/jobs/${jobId}/exceptions`);
    const entry = exceptions.body.exceptionHistory.entries[0];
    assert.match(entry.message, /poison record for NVDA at \d+/);
    assert.match(exceptions.body['root-exception'], /poison record for NVDA/);
    assert.ok(!/\n\s+at /.test(exceptions.text), 'no stack trace');
    assert.equal((await api(`${url}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' })).status, 409, 'a failed job cannot be cancelled');
  } finally {
    const endpoint = await endpointOf(handle);
    await endpoint.close();
  }
});

test('a bind address other than loopback is refused without a token, and unknown UI options name the near one', () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  const flow = totalsJob(log, memorySink<Total>());
  assert.throws(() => start(flow, { handleSignals: false, ui: { host: '0.0.0.0' } }), /ui\.host.*'0\.0\.0\.0' is not a loopback address: set ui\.token/);
  assert.throws(() => start(flow, { handleSignals: false, ui: { host: '0.0.0.0', token: 'short' } }), /ui\.token.*at least 16 characters/);
  assert.throws(() => start(flow, { handleSignals: false, ui: { prot: 8081 } as never }), /ui\.prot.*did you mean 'port'/);
});

test('with a token, a request without it or with another is refused (401) and one with it is served', async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  const token = 'a-token-of-some-length-1234';
  const handle = start(totalsJob(log, memorySink<Total>()), { handleSignals: false, ui: { host: '0.0.0.0', port: 0, token } });
  try {
    const { url, jobId } = await endpointOf(handle);
    const local = url.replace('0.0.0.0', '127.0.0.1');
    const without = await api(`${local}/jobs`);
    assert.equal(without.status, 401);
    assert.match(without.body.errors[0], /bearer token/);
    assert.equal((await api(`${local}/jobs`, { headers: { authorization: 'Bearer not-the-token-at-all-xx' } })).status, 401);
    assert.equal((await api(`${local}/metrics`)).status, 401, 'metrics need the token too');
    const served = await api(`${local}/jobs`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(served.status, 200);
    assert.equal(served.body.jobs[0].id, jobId);
    const config = await api(`${local}/jobs/${jobId}/config`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(config.body['execution-config']['user-config'].ui.token, '******', 'the token is never shown');
    assert.ok(!config.text.includes(token));
  } finally {
    await handle.stop();
  }
});

test('a port already in use stops the job with an error naming the address', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const log = new InProcessLog();
    log.createTopic('trades', { partitions: 1 });
    const handle = start(totalsJob(log, memorySink<Total>()), { handleSignals: false, ui: { port } });
    await assert.rejects(handle.done, new RegExp(`the REST API could not listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  } finally {
    blocker.close();
  }
});

test('a checkpoint that fails while written is FAILED in the history with its message, and the job fails with it', async () => {
  /** Stores checkpoint 1, refuses checkpoint 2 as a full disk would. */
  class FailingSecond extends MemoryCheckpointStorage {
    override async write(id: number, data: unknown): Promise<string> {
      if (id === 2) throw new Error('no space left on the checkpoint volume');
      return super.write(id, data);
    }
  }
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  const handle = start(totalsJob(log, memorySink<Total>()), {
    handleSignals: false, checkpoints: new FailingSecond(), checkpointInterval: 3_600_000, ui: { port: 0, keepOpen: true },
  });
  const { url, jobId } = await endpointOf(handle);
  try {
    produce(log, 5, 1_700_000_000_000);
    assert.equal(await handle.checkpoint(), 1);
    void handle.checkpoint().catch(() => undefined);
    await assert.rejects(handle.done, /no space left on the checkpoint volume/);
    const checkpoints = (await api(`${url}/jobs/${jobId}/checkpoints`)).body;
    assert.deepEqual([checkpoints.counts.completed, checkpoints.counts.failed], [1, 1]);
    assert.deepEqual(checkpoints.history.map((c: any) => [c.id, c.status]), [[2, 'FAILED'], [1, 'COMPLETED']]);
    assert.match(checkpoints.latest.failed.failure_message, /no space left on the checkpoint volume/);
    assert.equal((await api(`${url}/jobs`)).body.jobs[0].status, 'FAILED');
  } finally {
    await (await endpointOf(handle)).close();
  }
});
