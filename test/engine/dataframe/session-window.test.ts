// sessionWindow in the DataFrame API (Spark's session_window), checked against a reference computation
// written here from the definition: per key, events sorted by time; an event at most the gap after
// the session's last event joins it (Spark merges sessions that touch: an event's own session
// [ts, ts + gap) starting at the current session's end extends it), else it opens a new session; a
// session spans [first event, last event + gap).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SparkSession, StructType, StringType, IntegerType, TimestampType, col, defaultLog, fromJson, sessionWindow, formatTimestamp, functions,
  type Row,
} from '../../../src/index.ts';

const GAP_MS = 5 * 60_000;
const START = Date.UTC(2024, 0, 1, 9);
const schema = new StructType().add('user', StringType).add('clicks', IntegerType).add('ts', TimestampType);

interface Click { readonly user: string; readonly clicks: number; readonly ts: number }

/** Deterministic clicks of three users: bursts of activity separated by gaps below and above five minutes. */
function clicks(): Click[] {
  let seed = 42;
  const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out: Click[] = [];
  for (const user of ['ann', 'bo', 'cy']) {
    let at = START + Math.floor(random() * 60_000);
    for (let i = 0; i < 60; i++) {
      out.push({ user, clicks: 1 + Math.floor(random() * 9), ts: at });
      // Mostly within a session, sometimes a pause longer than the gap, sometimes exactly the gap.
      const roll = random();
      at += roll < 0.7 ? 1_000 + Math.floor(random() * 240_000) : roll < 0.8 ? GAP_MS : GAP_MS + Math.floor(random() * 1_800_000);
    }
  }
  return out;
}

/** Sessions by definition, as `user start end sum count` lines. */
function referenceSessions(events: readonly Click[]): string[] {
  const lines: string[] = [];
  for (const user of new Set(events.map((e) => e.user))) {
    const mine = events.filter((e) => e.user === user).sort((a, b) => a.ts - b.ts);
    let session: { start: number; last: number; sum: number; count: number } | undefined;
    const close = (): void => {
      if (session !== undefined) lines.push(`${user} ${formatTimestamp(session.start)} ${formatTimestamp(session.last + GAP_MS)} ${session.sum} ${session.count}`);
    };
    for (const e of mine) {
      if (session !== undefined && e.ts <= session.last + GAP_MS) {
        session.last = e.ts;
        session.sum += e.clicks;
        session.count++;
      } else {
        close();
        session = { start: e.ts, last: e.ts, sum: e.clicks, count: 1 };
      }
    }
    close();
  }
  return lines.sort();
}

/** Rows of the query as the same lines. */
function sessionLines(rows: readonly Row[]): string[] {
  return rows.map((r) => {
    const window = r.session_window as { start: number; end: number };
    return `${r.user} ${formatTimestamp(window.start)} ${formatTimestamp(window.end)} ${r.total} ${r.n}`;
  }).sort();
}

test('sessionWindow groups each key\'s events into sessions closed by the gap, as the definition computes them', async () => {
  const events = clicks();
  const topic = `df_sessions_${process.pid}`;
  defaultLog().createTopic(topic, { partitions: 1, ifNotExists: true });
  // Three micro-batches, each shuffled (out of order within the watermark's hour): sessions grow
  // and merge across batches.
  const shuffled = [...events].sort((a, b) => ((a.ts * 7919) % 1013) - ((b.ts * 7919) % 1013));
  const byTime = [...events].sort((a, b) => a.ts - b.ts);
  const cut1 = byTime[60].ts;
  const cut2 = byTime[120].ts;
  const parts = [
    shuffled.filter((e) => e.ts < cut1),
    shuffled.filter((e) => e.ts >= cut1 && e.ts < cut2),
    shuffled.filter((e) => e.ts >= cut2),
  ];

  const spark = new SparkSession();
  const sessions = spark.readStream.format('sluice-log').option('subscribe', topic).option('startingOffsets', 'earliest').load()
    .select(fromJson(col('value').cast('string'), schema).alias('d')).select('d.*')
    .withWatermark('ts', '1 hour')
    .groupBy(sessionWindow(col('ts'), '5 minutes'), col('user'))
    .agg(functions.sum(col('clicks')).alias('total'), functions.count(col('clicks')).alias('n'));
  let last: Row[] = [];
  const query = sessions.writeStream.outputMode('complete')
    .foreachBatch(async (batch) => { last = await batch.collect(); }).start();
  for (const part of parts) {
    defaultLog().produce(topic, part.map((e) => ({ key: e.user, value: JSON.stringify({ ...e, ts: formatTimestamp(e.ts) }) })));
    await query.processAllAvailable();
  }
  await query.stop();

  const expected = referenceSessions(events);
  assert.ok(expected.length >= 15, `the input has many sessions (${expected.length})`);
  assert.ok(expected.some((line) => Number(line.split(' ').at(-1)) >= 5), 'and sessions of several events');
  assert.ok(events.some((e, i) => events[i + 1]?.user === e.user && events[i + 1].ts - e.ts === GAP_MS), 'and events exactly the gap apart');
  assert.deepEqual(sessionLines(last), expected);
});
