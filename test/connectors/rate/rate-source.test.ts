import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RateSchedule } from '../../../src/connectors/rate/rate-schedule.ts';
import { rateSource, type RateRow } from '../../../src/connectors/rate/rate-source.ts';
import { END, type SourceBatch, type SourceContext, type SourceReader } from '../../../src/connectors/spi.ts';
import { ConfigError, SluiceError } from '../../../src/core/errors.ts';

const START = 1_704_103_200_000;

/** A context on a clock the test moves. */
function manualContext(start = START): SourceContext & { advance(ms: number): void } {
  let time = start;
  return { taskIndex: 0, parallelism: 1, now: () => time, advance: (ms) => (time += ms) };
}

async function pollValues(reader: SourceReader<RateRow>, max = 1000): Promise<RateRow[]> {
  const batch = await reader.poll(max);
  assert.notEqual(batch, END, 'the rate source never ends');
  return (batch as SourceBatch<RateRow>).values;
}

test("the ramp-up follows Spark's table: speeds 2, 4, 6, 8, 10 then 10 a second", () => {
  const schedule = new RateSchedule(10, 4);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((s) => schedule.valuesBefore(s)), [0, 2, 6, 12, 20, 30, 40]);
  // Value 3 is the second of the four values due in second 1 (values 2..5).
  assert.equal(schedule.offsetOf(3), 1250);
  assert.equal(schedule.offsetOf(30), 5000);
  // Asking out of order gives the same answers (the cached second is only a shortcut).
  assert.equal(schedule.offsetOf(0), 0);
  assert.equal(schedule.offsetOf(19), 3875);
});

test('without a ramp-up each second holds rowsPerSecond values spread evenly', () => {
  const schedule = new RateSchedule(4, 0);
  assert.deepEqual([0, 1, 2, 3, 4, 6].map((v) => schedule.offsetOf(v)), [0, 250, 500, 750, 1000, 1500]);
});

test('a ramp-up longer than the rate allows is rejected naming the option', () => {
  assert.throws(() => new RateSchedule(3, 5), (error: unknown) => error instanceof ConfigError && error.option === 'ramp-up-time' && /at least 6 rows per second/.test(error.message));
  assert.throws(() => rateSource({ rowsPerSecond: 0 }), (error: unknown) => error instanceof ConfigError && error.option === 'rows-per-second');
});

test('values are released when due on the clock, stamped with the time they were due', async () => {
  const ctx = manualContext();
  const source = rateSource({ rowsPerSecond: 2 });
  const [split] = await source.splits(ctx);
  const reader = source.createReader(split, undefined, ctx);
  assert.deepEqual(await pollValues(reader), [{ timestamp: START, value: 0 }]);
  assert.deepEqual(await pollValues(reader), [], 'value 1 is not due before 500 ms');
  ctx.advance(1200);
  const batch = (await reader.poll(10)) as SourceBatch<RateRow>;
  assert.deepEqual(batch.values, [{ timestamp: START + 500, value: 1 }, { timestamp: START + 1000, value: 2 }]);
  assert.deepEqual(batch.times, [START + 500, START + 1000], 'event times are the timestamps');
});

test('partitions are dealt the values round-robin', async () => {
  const ctx = manualContext();
  const source = rateSource({ rowsPerSecond: 10, partitions: 3 });
  const splits = await source.splits(ctx);
  assert.deepEqual(splits.map((s) => s.id), ['rate-0', 'rate-1', 'rate-2']);
  ctx.advance(999);
  const read = await Promise.all(splits.map(async (split) => (await pollValues(source.createReader(split, undefined, ctx))).map((r) => r.value)));
  assert.deepEqual(read, [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]]);
});

test('a restored reader continues with the next value and the same timestamps', async () => {
  const ctx = manualContext();
  const source = rateSource({ rowsPerSecond: 5, rampUpSeconds: 1 });
  const [split] = await source.splits(ctx);
  ctx.advance(3000);
  const whole = await pollValues(source.createReader(split, undefined, ctx));
  const first = source.createReader(split, undefined, ctx);
  const head = await pollValues(first, 4);
  const position = structuredClone(first.position());
  const tail = await pollValues(source.createReader(split, position, manualContext(START + 3000)));
  assert.deepEqual([...head, ...tail], whole);
  assert.deepEqual(whole.map((r) => r.value), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test('a position from a source with another partition count is refused', async () => {
  const ctx = manualContext();
  const two = rateSource({ partitions: 2 });
  const [split] = await two.splits(ctx);
  const position = two.createReader(split, undefined, ctx).position();
  assert.throws(() => rateSource({ partitions: 3 }).createReader(split, position, ctx), SluiceError);
});
