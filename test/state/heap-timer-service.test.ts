import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deserialize, serialize } from 'node:v8';
import { HeapTimerService } from '../../src/state/heap-timer-service.ts';

/** Fires event time up to `watermark` and returns what fired as `key@time`. */
function fired(timers: HeapTimerService, watermark: number): string[] {
  const out: string[] = [];
  timers.advanceEventTime(watermark, (key, time) => out.push(`${JSON.stringify(key)}@${time}`));
  return out;
}

test('event-time timers fire in time order up to and including the watermark', () => {
  const timers = new HeapTimerService();
  for (const [key, time] of [['c', 30], ['a', 10], ['b', 20], ['d', 40], ['e', 15]] as const) timers.registerEventTimeTimer(key, time);
  assert.deepEqual(fired(timers, 30), ['"a"@10', '"e"@15', '"b"@20', '"c"@30']);
  assert.equal(timers.pendingCount(), 1);
  assert.deepEqual(fired(timers, 30), [], 'a timer fires once');
  assert.deepEqual(fired(timers, 100), ['"d"@40']);
});

test('timers at the same time fire in registration order', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer('z', 5);
  timers.registerEventTimeTimer('a', 5);
  timers.registerEventTimeTimer('m', 5);
  assert.deepEqual(fired(timers, 5), ['"z"@5', '"a"@5', '"m"@5']);
});

test('many random timers come out sorted', () => {
  const timers = new HeapTimerService();
  let seed = 42;
  const times: number[] = [];
  for (let i = 0; i < 2000; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    times.push(seed % 10_000);
    timers.registerEventTimeTimer(i, seed % 10_000);
  }
  const out: number[] = [];
  timers.advanceEventTime(Number.POSITIVE_INFINITY, (_key, time) => out.push(time));
  assert.equal(out.length, 2000);
  assert.deepEqual(out, times.sort((a, b) => a - b));
});

test('registering the same key and time twice makes one timer', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer(['AAPL', 1], 100);
  timers.registerEventTimeTimer(['AAPL', 1], 100);
  timers.registerEventTimeTimer(['AAPL', 2], 100);
  assert.equal(timers.pendingCount(), 2);
  assert.deepEqual(fired(timers, 100), ['["AAPL",1]@100', '["AAPL",2]@100']);
});

test('a deleted timer does not fire and a re-registered one does', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer('a', 10);
  timers.registerEventTimeTimer('b', 10);
  timers.registerEventTimeTimer('c', 20);
  timers.deleteEventTimeTimer('a', 10);
  timers.deleteEventTimeTimer('c', 20);
  timers.deleteEventTimeTimer('nobody', 20);
  assert.equal(timers.pendingCount(), 1);
  timers.registerEventTimeTimer('c', 20);
  assert.deepEqual(fired(timers, 50), ['"b"@10', '"c"@20']);
  assert.equal(timers.pendingCount(), 0);
});

test('many deletions leave the service correct', () => {
  const timers = new HeapTimerService();
  for (let t = 0; t < 1000; t++) timers.registerEventTimeTimer('k', t);
  for (let t = 0; t < 1000; t++) if (t % 10 !== 0) timers.deleteEventTimeTimer('k', t);
  const out: number[] = [];
  timers.advanceEventTime(1000, (_key, time) => out.push(time));
  assert.deepEqual(out, Array.from({ length: 100 }, (_, i) => i * 10));
});

test('a timer registered while firing fires in the same advance when it is due', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer('a', 10);
  timers.registerEventTimeTimer('late', 500);
  const out: string[] = [];
  timers.advanceEventTime(100, (key, time) => {
    out.push(`${key}@${time}`);
    if (key === 'a') {
      timers.registerEventTimeTimer('b', 10); // same time, still due
      timers.registerEventTimeTimer('c', 50); // later, still due
      timers.registerEventTimeTimer('d', 200); // not due yet
    }
  });
  assert.deepEqual(out, ['a@10', 'b@10', 'c@50']);
  assert.equal(timers.pendingCount(), 2);
});

test('a timer deleted while firing does not fire', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer('a', 10);
  timers.registerEventTimeTimer('b', 10);
  timers.registerEventTimeTimer('c', 20);
  const out: string[] = [];
  timers.advanceEventTime(100, (key, time) => {
    out.push(`${key}@${time}`);
    if (key === 'a') {
      timers.deleteEventTimeTimer('b', 10);
      timers.deleteEventTimeTimer('c', 20);
      timers.registerEventTimeTimer('e', 10);
    }
  });
  assert.deepEqual(out, ['a@10', 'e@10']);
  assert.equal(timers.pendingCount(), 0);
});

test('processing-time timers are separate from event-time timers', () => {
  const timers = new HeapTimerService();
  timers.registerProcessingTimeTimer('p', 1000);
  timers.registerProcessingTimeTimer('q', 500);
  timers.registerEventTimeTimer('e', 100);
  assert.equal(timers.nextProcessingTime(), 500);
  assert.deepEqual(fired(timers, 10_000), ['"e"@100']);
  timers.deleteProcessingTimeTimer('q', 500);
  assert.equal(timers.nextProcessingTime(), 1000);
  const out: string[] = [];
  timers.advanceProcessingTime(999, (key) => out.push(String(key)));
  assert.equal(out.length, 0);
  timers.advanceProcessingTime(1000, (key, time) => out.push(`${key}@${time}`));
  assert.deepEqual(out, ['p@1000']);
  assert.equal(timers.nextProcessingTime(), Number.POSITIVE_INFINITY);
});

test('a timer without a time is rejected', () => {
  const timers = new HeapTimerService();
  assert.throws(() => timers.registerEventTimeTimer('a', Number.NaN), /NaN/);
});

test('snapshot and restore keep the pending timers and nothing else', () => {
  const timers = new HeapTimerService();
  timers.registerEventTimeTimer({ k: 1 }, 30);
  timers.registerEventTimeTimer('a', 10);
  timers.registerProcessingTimeTimer('p', 7);
  const snapshot = deserialize(serialize(timers.snapshot()));
  timers.registerEventTimeTimer('after', 5);

  const restored = new HeapTimerService();
  restored.registerEventTimeTimer('stale', 1);
  restored.restore(snapshot);
  assert.equal(restored.pendingCount(), 3);
  assert.equal(restored.nextProcessingTime(), 7);
  assert.equal(restored.nextEventTime(), 10);
  assert.deepEqual(fired(restored, 100), ['"a"@10', '{"k":1}@30']);
  restored.registerEventTimeTimer({ k: 1 }, 30);
  assert.equal(restored.pendingCount(), 2, 'restored keys still deduplicate by value');
});

test('restore rejects something that is not a timer snapshot', () => {
  assert.throws(() => new HeapTimerService().restore([1, 2]), /not a heap timer service snapshot/);
});
