import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch } from '../../src/core/batch.ts';
import { BaseOperator, type OperatorContext } from '../../src/operators/operator.ts';
import type { ValueState } from '../../src/state/keyed-state.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

interface Click {
  user: string;
}

/**
 * Counts clicks per user in keyed state; at the watermark after `time + 1000` it emits the user's
 * count (event-time timer). Negative-user records go to a side output. A processing-time timer
 * reports "tick" and it also keeps a non-keyed total in its own snapshot.
 */
class ClickCounter extends BaseOperator<Click, string> {
  #count!: ValueState<number>;
  #total = 0;

  override open(ctx: OperatorContext<string>): void {
    super.open(ctx);
    this.#count = ctx.state.valueState<number>('count');
  }

  processBatch(batch: Batch<Click>): void {
    for (let i = 0; i < batch.values.length; i++) {
      const click = batch.values[i];
      if (click.user === '') {
        this.ctx.emitSide('invalid', { values: [click], times: [batch.times[i]] });
        this.ctx.metrics.add('invalid', 1);
        continue;
      }
      this.ctx.state.setCurrentKey(click.user);
      this.#count.update((this.#count.value() ?? 0) + 1);
      this.#total++;
      this.ctx.timers.registerEventTimeTimer(click.user, batch.times[i] + 1000);
    }
    this.ctx.timers.registerProcessingTimeTimer('tick', this.ctx.currentProcessingTime() + 100);
  }

  override onWatermark(watermark: number): void {
    this.ctx.timers.advanceEventTime(watermark, (user, time) => {
      this.ctx.state.setCurrentKey(user);
      this.ctx.emit({ values: [`${user}=${this.#count.value()}`], times: [time] });
    });
  }

  override onProcessingTime(now: number): void {
    this.ctx.timers.advanceProcessingTime(now, () => this.ctx.emit({ values: [`tick total=${this.#total}`], times: [now] }));
  }

  override snapshot(): unknown {
    return { total: this.#total };
  }

  override restore(snapshot: unknown): void {
    this.#total = (snapshot as { total: number }).total;
  }
}

function openHarness(): OperatorHarness<Click, string> {
  const harness = new OperatorHarness(new ClickCounter(), { id: 'clicks' });
  harness.open();
  return harness;
}

test('records in, watermark fires the keyed timers, results come out with their times', () => {
  const harness = openHarness();
  harness.processElement({ user: 'ann' }, 100);
  harness.processElement({ user: 'bob' }, 200);
  harness.processBatch({ values: [{ user: 'ann' }], times: [150] });
  assert.deepEqual(harness.output(), []);
  harness.processWatermark(1150);
  assert.deepEqual(harness.outputWithTimes(), [
    { value: 'ann=2', time: 1100 },
    { value: 'ann=2', time: 1150 },
  ]);
  assert.equal(harness.currentWatermark(), 1150);
  harness.processWatermark(5000);
  assert.deepEqual(harness.output(), ['ann=2', 'ann=2', 'bob=1']);
});

test('side outputs and metrics are collected per tag and name', () => {
  const harness = openHarness();
  harness.processElement({ user: '' }, 1);
  harness.processElement({ user: '' }, 2);
  assert.deepEqual(harness.sideOutput('invalid'), [{ user: '' }, { user: '' }]);
  assert.deepEqual(harness.sideOutput('other'), []);
  assert.equal(harness.metric('invalid'), 2);
  assert.equal(harness.metric('never'), 0);
  assert.equal(harness.context.id, 'clicks');
});

test('clearOutput forgets what was collected but not the state', () => {
  const harness = openHarness();
  harness.processElement({ user: 'ann' }, 0);
  harness.processElement({ user: '' }, 0);
  harness.processWatermark(1000);
  harness.clearOutput();
  assert.deepEqual(harness.output(), []);
  assert.deepEqual(harness.sideOutput('invalid'), []);
  harness.processElement({ user: 'ann' }, 2000);
  harness.processWatermark(3000);
  assert.deepEqual(harness.output(), ['ann=2']);
});

test('the processing clock drives processing-time timers and is what the context reports', () => {
  const harness = new OperatorHarness(new ClickCounter(), { processingTime: 1000 });
  harness.open();
  harness.processElement({ user: 'ann' }, 0);
  harness.setProcessingTime(1099);
  assert.deepEqual(harness.output(), []);
  harness.setProcessingTime(1100);
  assert.deepEqual(harness.outputWithTimes(), [{ value: 'tick total=1', time: 1100 }]);
  assert.equal(harness.context.currentProcessingTime(), 1100);
});

test('the keyed state the operator wrote can be read through the harness', () => {
  const harness = openHarness();
  harness.processElement({ user: 'ann' }, 0);
  harness.processElement({ user: 'bob' }, 0);
  assert.deepEqual([...harness.state.keys('count')], ['ann', 'bob']);
  harness.state.setCurrentKey('bob');
  assert.equal(harness.state.valueState<number>('count').value(), 1);
  assert.equal(harness.timers.pendingCount(), 3);
});

test('a restored harness carries on with the keyed state, timers and operator state of the snapshot', () => {
  const harness = openHarness();
  harness.processElement({ user: 'ann' }, 100);
  harness.processElement({ user: 'bob' }, 200);
  const snapshot = harness.snapshot();
  // Changes after the snapshot must not leak into it.
  harness.processElement({ user: 'ann' }, 300);
  harness.processWatermark(10_000);
  assert.deepEqual(harness.output(), ['ann=2', 'bob=1', 'ann=2']);

  const restored = OperatorHarness.restore(new ClickCounter(), snapshot);
  restored.open(); // harmless: a restored harness is already open
  restored.processElement({ user: 'ann' }, 150);
  restored.processWatermark(1200);
  assert.deepEqual(restored.output(), ['ann=2', 'ann=2', 'bob=1']);
  restored.setProcessingTime(100);
  assert.deepEqual(restored.output().at(-1), 'tick total=3');
});

test('one snapshot can be restored twice, each copy independent', () => {
  const harness = openHarness();
  harness.processElement({ user: 'ann' }, 0);
  const snapshot = harness.snapshot();
  const first = OperatorHarness.restore(new ClickCounter(), snapshot);
  first.processElement({ user: 'ann' }, 0);
  first.processElement({ user: 'ann' }, 0);
  const second = OperatorHarness.restore(new ClickCounter(), snapshot);
  second.processWatermark(1000);
  assert.deepEqual(second.output(), ['ann=1']);
});

test('using the harness before open, or restoring garbage, is a clear error', () => {
  const harness = new OperatorHarness(new ClickCounter());
  assert.throws(() => harness.processElement({ user: 'a' }, 0), /not open: call open\(\) first/);
  assert.throws(() => OperatorHarness.restore(new ClickCounter(), { nope: true }), /not an operator harness snapshot/);
});

test('finish and close reach the operator', () => {
  const calls: string[] = [];
  class Tracker extends BaseOperator<number, number> {
    processBatch(batch: Batch<number>): void {
      this.ctx.emit(batch);
    }
    override finish(): void {
      calls.push('finish');
      this.ctx.emit({ values: [-1], times: [Number.NaN] });
    }
    override close(): void {
      calls.push('close');
    }
  }
  const harness = new OperatorHarness(new Tracker());
  harness.open();
  harness.processElement(5);
  harness.finish();
  harness.close();
  assert.deepEqual(calls, ['finish', 'close']);
  assert.deepEqual(harness.output(), [5, -1]);
  assert.ok(Number.isNaN(harness.outputWithTimes()[0].time), 'a record without a timestamp carries NaN');
});
