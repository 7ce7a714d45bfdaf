import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataflow, cumulate, session, sliding, tumbling } from '../../src/api/dataflow/index.ts';
import { memorySink, memorySource } from '../../src/connectors/memory/index.ts';
import { sum } from '../../src/plan/aggregate-functions.ts';
import type { KeyedProcessFunction } from '../../src/plan/functions.ts';
import type { WindowResult } from '../../src/plan/windows.ts';
import type { ValueState } from '../../src/state/keyed-state.ts';
import { TestDriver } from '../../src/testing/index.ts';

/** A keyed event: key, event time, a value to sum. */
interface Ev {
  k: string;
  t: number;
  v: number;
}

const ev = (k: string, t: number, v = 1): Ev => ({ k, t, v });

/** An input step whose records carry their own event time, with the given out-of-orderness bound. */
function events(flow: Dataflow, maxOutOfOrderness: number, name = 'events') {
  return flow.input(name, memorySource<Ev>([]), { watermark: { timestamp: (e) => e.t, maxOutOfOrderness } });
}

const result = <V>(key: string, start: number, end: number, value: V, update = false): WindowResult<string, V> => ({
  key, start, end, value, update,
});

test('tumbling window: out-of-order records within the bound count, a record after the window fired is dropped and counted', () => {
  const flow = new Dataflow('tumbling');
  events(flow, 1_000).keyBy((e) => e.k).window(tumbling(10_000)).count('counts').output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<WindowResult<string, number>>('out');

  input.pipeAll([ev('a', 1_000), ev('a', 5_000), ev('a', 3_000), ev('a', 10_500), ev('a', 9_800)]);
  assert.equal(driver.watermark('events'), 9_500);
  assert.ok(out.isEmpty(), 'window [0, 10000) waits for watermark 9999');

  input.pipe(ev('a', 11_000)); // watermark 10000
  assert.deepEqual(out.readWithTimestamps(), [{ value: result('a', 0, 10_000, 4), timestamp: 9_999 }]);

  input.pipe(ev('a', 2_000));
  assert.equal(driver.metric('lateRecordsDropped'), 1);
  assert.ok(out.isEmpty());

  driver.endOfInput();
  assert.deepEqual(out.read(), [result('a', 10_000, 20_000, 2)]);
  assert.equal(out.readAll().length, 2, 'readAll keeps everything the output received');
});

test('allowed lateness: a late record within it emits an update; beyond it the record is dropped', () => {
  const flow = new Dataflow('lateness');
  events(flow, 0)
    .keyBy((e) => e.k)
    .window(tumbling(10_000), { allowedLateness: 5_000 })
    .count('counts')
    .output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<WindowResult<string, number>>('out');

  input.pipeAll([ev('a', 1_000), ev('a', 12_000)]);
  assert.deepEqual(out.read(), [result('a', 0, 10_000, 1)]);

  input.pipe(ev('a', 4_000)); // watermark 12000 < 9999 + 5000: still allowed
  assert.deepEqual(out.readWithTimestamps(), [{ value: result('a', 0, 10_000, 2, true), timestamp: 9_999 }]);

  input.pipe(ev('a', 16_000)); // watermark 16000 >= 14999: window [0, 10000) is gone
  input.pipe(ev('a', 3_000));
  assert.ok(out.isEmpty());
  assert.equal(driver.metric('lateRecordsDropped'), 1);

  driver.endOfInput();
  assert.deepEqual(out.read(), [result('a', 10_000, 20_000, 2)]);
});

test('late record beyond allowed lateness goes to the side output instead of being dropped', () => {
  const flow = new Dataflow('side-output');
  const counts = events(flow, 0).keyBy((e) => e.k).window(tumbling(10_000), { lateRecords: 'side-output' }).count('counts');
  counts.output('out', memorySink());
  counts.lateRecords().output('late', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');

  input.pipeAll([ev('a', 1_000), ev('a', 15_000), ev('a', 2_000, 7)]);
  assert.deepEqual(driver.output('out').read(), [result('a', 0, 10_000, 1)]);
  assert.deepEqual(driver.output<Ev>('late').readWithTimestamps(), [{ value: ev('a', 2_000, 7), timestamp: 2_000 }]);
  assert.equal(driver.metric('lateRecordsSideOutput'), 1);
  assert.equal(driver.metric('lateRecordsDropped'), 0);
});

test('sliding window: a record late for one of its windows still counts in the other; late for all is dropped', () => {
  const flow = new Dataflow('sliding');
  events(flow, 2_000).keyBy((e) => e.k).window(sliding(10_000, 5_000)).aggregate(sum((e: Ev) => e.v), 'sums').output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<WindowResult<string, number>>('out');

  input.pipeAll([ev('a', 3_000, 1), ev('a', 7_000, 2), ev('a', 6_000, 4)]); // watermark 5000
  assert.deepEqual(out.read(), [result('a', -5_000, 5_000, 1)]);

  input.pipe(ev('a', 12_000, 8)); // watermark 10000
  assert.deepEqual(out.read(), [result('a', 0, 10_000, 1 + 2 + 4)]);

  input.pipe(ev('a', 4_000, 16)); // windows [-5000, 5000) and [0, 10000): both fired
  input.pipe(ev('a', 9_000, 32)); // [0, 10000) fired, [5000, 15000) open
  assert.equal(driver.metric('lateRecordsDropped'), 1);

  driver.endOfInput();
  assert.deepEqual(out.read(), [result('a', 5_000, 15_000, 2 + 4 + 8 + 32), result('a', 10_000, 20_000, 8)]);
});

test('session window: an out-of-order record bridges two sessions into one; a late one for a closed session is dropped', () => {
  const flow = new Dataflow('session');
  events(flow, 3_000).keyBy((e) => e.k).window(session(5_000)).count('sessions').output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<WindowResult<string, number>>('out');

  // a: [1000, 6000) and [8000, 13000); then 4000 touches both: one session [1000, 13000).
  input.pipeAll([ev('a', 1_000), ev('a', 8_000), ev('a', 4_000), ev('b', 2_000)]);
  assert.ok(out.isEmpty());

  input.pipe(ev('a', 20_000)); // watermark 17000
  assert.deepEqual(out.readWithTimestamps(), [
    { value: result('b', 2_000, 7_000, 1), timestamp: 6_999 },
    { value: result('a', 1_000, 13_000, 3), timestamp: 12_999 },
  ]);

  input.pipe(ev('b', 3_000));
  assert.equal(driver.metric('lateRecordsDropped'), 1);

  driver.endOfInput();
  assert.deepEqual(out.read(), [result('a', 20_000, 25_000, 1)]);
});

test('cumulate window: each step fires the growing window; a record late for the first step counts in the later ones', () => {
  const flow = new Dataflow('cumulate');
  events(flow, 2_000).keyBy((e) => e.k).window(cumulate(5_000, 15_000)).aggregate(sum((e: Ev) => e.v), 'sums').output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<WindowResult<string, number>>('out');

  input.pipeAll([ev('a', 1_000, 1), ev('a', 6_000, 2), ev('a', 4_000, 4)]); // watermark 4000
  assert.ok(out.isEmpty());
  input.pipe(ev('a', 7_500, 8)); // watermark 5500
  assert.deepEqual(out.read(), [result('a', 0, 5_000, 1 + 4)]);

  input.pipe(ev('a', 3_000, 16)); // too late for [0, 5000), in time for [0, 10000) and [0, 15000)
  input.pipe(ev('a', 12_500, 32)); // watermark 10500
  assert.deepEqual(out.read(), [result('a', 0, 10_000, 1 + 2 + 4 + 8 + 16)]);

  driver.endOfInput();
  assert.deepEqual(out.read(), [result('a', 0, 15_000, 1 + 2 + 4 + 8 + 16 + 32)]);
  assert.equal(driver.metric('lateRecordsDropped'), 0);
});

test('pipeBatch moves the watermark once per batch, pipeAll once per record', () => {
  const build = () => {
    const flow = new Dataflow('batches');
    events(flow, 0).keyBy((e) => e.k).window(tumbling(10_000)).count('counts').output('out', memorySink());
    return new TestDriver(flow);
  };
  const batched = build();
  batched.input<Ev>('events').pipeBatch([ev('a', 12_000), ev('a', 5_000)]);
  assert.deepEqual(batched.output('out').read(), [result('a', 0, 10_000, 1)]);
  assert.equal(batched.metric('lateRecordsDropped'), 0);

  const oneByOne = build();
  oneByOne.input<Ev>('events').pipeAll([ev('a', 12_000), ev('a', 5_000)]);
  assert.ok(oneByOne.output('out').isEmpty());
  assert.equal(oneByOne.metric('lateRecordsDropped'), 1);
});

test('the timestamp given to pipe is the event time when the watermark strategy has no extractor', () => {
  const flow = new Dataflow('source-times');
  flow.input('words', memorySource<string>([]), { watermark: { maxOutOfOrderness: 0 } })
    .window(tumbling(1_000)).count('counts').output('out', memorySink());
  const driver = new TestDriver(flow);
  driver.input<string>('words').pipeAll(['x', 'y', 'z'], [100, 900, 1_500]);
  assert.deepEqual(driver.output('out').read(), [{ key: undefined, start: 0, end: 1_000, value: 2, update: false }]);
  driver.input<string>('words').advanceWatermark(1_999);
  assert.deepEqual(driver.output('out').read(), [{ key: undefined, start: 1_000, end: 2_000, value: 1, update: false }]);
});

test('statefulMap state is readable per key through driver.state', () => {
  const flow = new Dataflow('stateful');
  events(flow, 0)
    .keyBy((e) => e.k)
    .statefulMap(() => 0, (n: number, e: Ev) => [n + e.v, `${e.k}:${n + e.v}`], 'running-sum')
    .output('out', memorySink());
  const driver = new TestDriver(flow);
  driver.input<Ev>('events').pipeAll([ev('a', 1, 2), ev('b', 2, 5), ev('a', 3, 10)]);
  assert.deepEqual(driver.output('out').read(), ['a:2', 'b:5', 'a:12']);
  const state = driver.state('running-sum');
  state.setCurrentKey('a');
  assert.equal(state.valueState<number>('state').value(), 12);
  state.setCurrentKey('b');
  assert.equal(state.valueState<number>('state').value(), 5);
  state.setCurrentKey('c');
  assert.equal(state.valueState<number>('state').value(), undefined);
  assert.deepEqual([...state.keys('state')].sort(), ['a', 'b']);
});

test("reading state between records does not redirect the operator's own writes", () => {
  // Operators may cache the key they last selected; a test moving the backend's key must not leak into them.
  const flow = new Dataflow('state-read');
  events(flow, 0).keyBy((e) => e.k).window(tumbling(10_000)).count('counts').output('out', memorySink());
  const driver = new TestDriver(flow);
  driver.input<Ev>('events').pipe(ev('a', 1_000));
  const state = driver.state('counts');
  state.setCurrentKey('someone-else');
  assert.equal(state.mapState<number, number>('window-accumulators').get(10_000), undefined);
  driver.input<Ev>('events').pipe(ev('a', 2_000));
  driver.endOfInput();
  assert.deepEqual(driver.output('out').read(), [result('a', 0, 10_000, 2)]);
});

test('a process function fires event-time timers as the watermark passes them', () => {
  // Reports a key that has been quiet for 10 s of event time.
  const quiet = (): KeyedProcessFunction<string, Ev, string> => {
    let last: ValueState<number>;
    return {
      open(state) { last = state.valueState<number>('last'); },
      processElement(_e, ctx) {
        last.update(ctx.timestamp);
        ctx.timers.registerEventTimeTimer(ctx.timestamp + 10_000);
      },
      onTimer(time, _domain, ctx) {
        if (last.value()! + 10_000 === time) ctx.emit(`${ctx.key} quiet since ${last.value()}`);
      },
    };
  };
  const flow = new Dataflow('timers');
  events(flow, 0).keyBy((e) => e.k).process(quiet, 'quiet').output('out', memorySink());
  const driver = new TestDriver(flow);
  const input = driver.input<Ev>('events');
  const out = driver.output<string>('out');
  input.pipeAll([ev('a', 1_000), ev('b', 2_000), ev('a', 5_000)]);
  input.advanceWatermark(11_000); // a's first timer: superseded by the record at 5000
  assert.ok(out.isEmpty());
  input.advanceWatermark(12_000);
  assert.deepEqual(out.readWithTimestamps(), [{ value: 'b quiet since 2000', timestamp: 12_000 }]);
  input.advanceWatermark(20_000);
  assert.deepEqual(out.read(), ['a quiet since 5000']);
  assert.equal(driver.watermark('quiet'), 20_000);
});

test('processing-time timers fire at their own due times as processing time advances', () => {
  const flow = new Dataflow('processing-timers');
  events(flow, 0)
    .keyBy((e) => e.k)
    .process<string>(() => ({
      processElement(e, ctx) { ctx.timers.registerProcessingTimeTimer(ctx.timers.currentProcessingTime() + e.v); },
      onTimer(time, domain, ctx) { ctx.emit(`${ctx.key} ${domain} ${time} at ${ctx.timers.currentProcessingTime()}`); },
    }), 'alarms')
    .output('out', memorySink());
  const driver = new TestDriver(flow, { startTime: 1_000 });
  driver.input<Ev>('events').pipeAll([ev('a', 0, 500), ev('b', 0, 1_500)]);
  driver.advanceProcessingTime(499);
  assert.ok(driver.output('out').isEmpty());
  driver.advanceProcessingTime(1_501);
  assert.deepEqual(driver.output('out').read(), ['a processing 1500 at 1500', 'b processing 2500 at 2500']);
  assert.equal(driver.processingTime, 3_000);
  assert.throws(() => driver.setProcessingTime(2_000), /only moves forward/);
});

interface Order { id: string; item: string; t: number }
interface Payment { order: string; amount: number; t: number }

/** Orders joined with their payments in 10 s tumbling windows (step 'paid', output 'out'). */
function paidOrdersFlow(name: string): Dataflow {
  const flow = new Dataflow(name);
  const orders = flow.input('orders', memorySource<Order>([]), { watermark: { timestamp: (o) => o.t, maxOutOfOrderness: 0 } });
  const payments = flow.input('payments', memorySource<Payment>([]), { watermark: { timestamp: (p) => p.t, maxOutOfOrderness: 0 } });
  orders
    .keyBy((o) => o.id)
    .join(payments.keyBy((p) => p.order), tumbling(10_000), (o, p, key) => `${key}:${o.item}+${p.amount}`, {}, 'paid')
    .output('out', memorySink());
  return flow;
}

test('a windowed join pairs equal keys of one window once both inputs have passed it', () => {
  const driver = new TestDriver(paidOrdersFlow('join'));
  const out = driver.output<string>('out');
  driver.input<Order>('orders').pipeAll([{ id: 'o1', item: 'x', t: 1_000 }, { id: 'o2', item: 'y', t: 2_000 }]);
  driver.input<Payment>('payments').pipeAll([
    { order: 'o1', amount: 5, t: 3_000 },
    { order: 'o1', amount: 7, t: 4_000 },
    { order: 'o2', amount: 9, t: 12_000 }, // next window: no partner
    { order: 'o3', amount: 1, t: 13_000 },
  ]);
  assert.ok(out.isEmpty(), 'the orders input still holds event time at 2000');
  assert.equal(driver.watermark('paid'), 2_000);

  driver.input<Order>('orders').pipe({ id: 'o3', item: 'z', t: 11_000 }); // join watermark min(11000, 13000)
  assert.deepEqual(out.readWithTimestamps(), [
    { value: 'o1:x+5', timestamp: 9_999 },
    { value: 'o1:x+7', timestamp: 9_999 },
  ]);

  driver.input<Order>('orders').end();
  assert.equal(driver.watermark('paid'), 13_000, 'an ended input no longer holds the join back');
  driver.endOfInput();
  assert.deepEqual(out.read(), ['o3:z+1']);
});

test('unknown step names are reported with the steps the job has', () => {
  const flow = new Dataflow('names');
  events(flow, 0).map((e) => e.v, 'values').output('out', memorySink());
  const driver = new TestDriver(flow);
  assert.throws(() => driver.input('evnts'), /no input step 'evnts'.*events/);
  assert.throws(() => driver.output('output'), /no output step 'output'.*out/);
  assert.throws(() => driver.state('vals'), /no operator step 'vals'.*values/);
  driver.input<Ev>('events').end();
  assert.throws(() => driver.input<Ev>('events').pipe(ev('a', 1)), /has ended/);
});

/** A job with every kind of state: window accumulators with lateness, sessions, statefulMap, timers. */
function everythingFlow(): Dataflow {
  const flow = new Dataflow('everything');
  const input = events(flow, 2_000);
  const windows = input.keyBy((e) => e.k).window(tumbling(10_000), { allowedLateness: 5_000, lateRecords: 'side-output' }).count('windows');
  windows.output('window-out', memorySink());
  windows.lateRecords().output('late-out', memorySink());
  input.keyBy((e) => e.k).window(session(3_000)).aggregate(sum((e: Ev) => e.v), 'sessions').output('session-out', memorySink());
  input.keyBy((e) => e.k).statefulMap(() => 0, (n: number, e: Ev) => [n + 1, `${e.k}#${n + 1}`], 'running').output('running-out', memorySink());
  input
    .keyBy((e) => e.k)
    .process<string>(() => ({
      processElement(e, ctx) {
        ctx.timers.registerEventTimeTimer(e.t + 5_000);
        ctx.timers.registerProcessingTimeTimer(ctx.timers.currentProcessingTime() + 250);
      },
      onTimer(time, domain, ctx) { ctx.emit(`${ctx.key}@${time}/${domain}`); },
    }), 'alarms')
    .output('alarm-out', memorySink());
  return flow;
}

const OUTPUTS = ['window-out', 'late-out', 'session-out', 'running-out', 'alarm-out'];
const STREAM = [
  ev('a', 1_000, 1), ev('b', 1_500, 2), ev('a', 4_000, 3), ev('a', 12_000, 4), ev('b', 3_000, 5), ev('a', 9_000, 6),
  ev('b', 14_000, 7), ev('a', 25_000, 8), ev('a', 5_000, 9), ev('b', 21_000, 10), ev('a', 26_000, 11), ev('b', 40_000, 12),
  ev('a', 33_000, 13), ev('b', 41_000, 14), ev('a', 2_000, 15), ev('a', 45_000, 16),
];

/** One step of the scripted run: a record, then 100 ms of processing time. */
function step(driver: TestDriver, i: number): void {
  driver.input<Ev>('events').pipe(STREAM[i]);
  driver.advanceProcessingTime(100);
}

function readOutputs(driver: TestDriver): Record<string, unknown[]> {
  return Object.fromEntries(OUTPUTS.map((name) => [name, driver.output(name).readWithTimestamps()]));
}

test('checkpoint, crash and restore into a new driver, replay: exactly the uninterrupted result, at every cut', () => {
  const reference = new TestDriver(everythingFlow());
  for (let i = 0; i < STREAM.length; i++) step(reference, i);
  reference.endOfInput();
  const expected = readOutputs(reference);
  // The script exercises the interesting paths, or the comparison below would prove little.
  assert.ok((expected['window-out'] as { value: WindowResult<string, number> }[]).some((r) => r.value.update), 'an update result');
  assert.ok(expected['late-out'].length > 0, 'a side-output record');

  for (let cut = 0; cut <= STREAM.length; cut++) {
    const first = new TestDriver(everythingFlow());
    for (let i = 0; i < cut; i++) step(first, i);
    const beforeCheckpoint = readOutputs(first);
    const saved = first.checkpoint();
    // Work after the checkpoint is lost in the crash; the replay below redoes it.
    for (let i = cut; i < Math.min(cut + 3, STREAM.length); i++) step(first, i);

    const second = TestDriver.restore(everythingFlow(), saved);
    for (let i = cut; i < STREAM.length; i++) step(second, i);
    second.endOfInput();
    const afterRestore = readOutputs(second);
    for (const name of OUTPUTS) {
      assert.deepEqual([...beforeCheckpoint[name], ...afterRestore[name]], expected[name], `output '${name}' with the cut after ${cut} records`);
    }
    assert.equal(second.metric('lateRecordsSideOutput'), reference.metric('lateRecordsSideOutput'), `metrics survive the cut after ${cut}`);
  }
});

test('a restored join keeps each input\'s watermark: the input that was ahead does not hold it back', () => {
  const build = (): Dataflow => paidOrdersFlow('join-restore');
  const driver = new TestDriver(build());
  driver.input<Order>('orders').pipe({ id: 'o1', item: 'x', t: 1_000 });
  driver.input<Payment>('payments').pipeAll([{ order: 'o1', amount: 5, t: 3_000 }, { order: 'o9', amount: 1, t: 13_000 }]);
  assert.equal(driver.watermark('paid'), 1_000, 'the orders input holds the join at 1000; payments are at 13000');
  const restored = TestDriver.restore(build(), driver.checkpoint());
  assert.equal(restored.watermark('paid'), 1_000);
  // Only the input that was behind moves: the payments input restored at 13000 lets the join reach 11000.
  restored.input<Order>('orders').pipe({ id: 'o2', item: 'y', t: 11_000 });
  assert.equal(restored.watermark('paid'), 11_000);
  assert.deepEqual(restored.output<string>('out').read(), ['o1:x+5']);
});

test('a restored driver continues from the checkpoint, not from what happened after it', () => {
  const flow = new Dataflow('restore');
  events(flow, 0).keyBy((e) => e.k).window(tumbling(10_000)).count('counts').output('out', memorySink());
  const driver = new TestDriver(flow, { startTime: 500 });
  driver.input<Ev>('events').pipeAll([ev('a', 1_000), ev('a', 2_000)]);
  const saved = driver.checkpoint();
  driver.input<Ev>('events').pipe(ev('a', 3_000)); // lost in the crash
  const restored = TestDriver.restore(flow, saved);
  assert.equal(restored.processingTime, 500);
  assert.equal(restored.watermark('events'), 2_000);
  assert.equal(restored.watermark('counts'), 2_000);
  restored.input<Ev>('events').pipe(ev('a', 9_000));
  restored.endOfInput();
  assert.deepEqual(restored.output('out').read(), [result('a', 0, 10_000, 3)]);
  // The same checkpoint can be restored again: it was not changed by the first restore.
  const again = TestDriver.restore(flow, saved);
  again.endOfInput();
  assert.deepEqual(again.output('out').read(), [result('a', 0, 10_000, 2)]);
});

test('prepare() loads a lookup join\'s table before the first record is piped', async () => {
  const { DataTypes } = await import('../../src/core/data-types.ts');
  const { field } = await import('../../src/plan/expr/index.ts');
  const stream = DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'shares', type: DataTypes.INT() }]);
  const table = DataTypes.ROW([{ name: 'ticker', type: DataTypes.STRING() }, { name: 'name', type: DataTypes.STRING() }]);
  const source = Object.freeze({ kind: 'source' as const, id: 'trades', connector: memorySource([]) });
  const join = Object.freeze({
    kind: 'lookup-join' as const, id: 'enrich', input: source, inputType: stream, tableType: table,
    loadTable: async () => [{ ticker: 'AAPL', name: 'Apple' }],
    inputKeys: [field(stream, 'symbol')], tableKeys: [field(table, 'ticker')], joinType: 'left' as const,
    outputFields: [{ side: 'input' as const, field: 'symbol', name: 'symbol' }, { side: 'table' as const, field: 'name', name: 'name' }],
    outputType: DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }, { name: 'name', type: DataTypes.STRING() }]),
  });
  const sink = Object.freeze({ kind: 'sink' as const, id: 'out', input: join, connector: memorySink() });
  const driver = new TestDriver({ name: 'enrich', sinks: [sink] });
  await driver.prepare();
  driver.input('trades').pipeAll([{ symbol: 'AAPL', shares: 1 }, { symbol: 'MSFT', shares: 2 }]);
  assert.deepEqual(driver.output('out').read(), [{ symbol: 'AAPL', name: 'Apple' }, { symbol: 'MSFT', name: null }]);
});
