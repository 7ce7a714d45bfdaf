import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch } from '../../src/core/batch.ts';
import { EventTimerOperator } from '../../src/operators/event-timer-operator.ts';
import { OperatorHarness } from '../../src/testing/operator-harness.ts';

/** Holds each value until the watermark passes its time, then emits it; a record at or behind the watermark is dropped as late. */
class Delay extends EventTimerOperator<string, string> {
  afterTimersCalls = 0;
  processBatch(batch: Batch<string>): void {
    for (let i = 0; i < batch.values.length; i++) {
      if (batch.times[i] <= this.watermark) this.out.push(`late ${batch.values[i]}`, batch.times[i]);
      else this.ctx.timers.registerEventTimeTimer(batch.values[i], batch.times[i]);
    }
    this.flushOutput();
  }
  protected fireTimer(key: unknown, time: number): void {
    this.out.push(`${String(key)}@${time} (watermark ${this.watermark})`, time);
  }
  protected override afterTimers(): void {
    this.afterTimersCalls++;
  }
}

test('due timers fire in time order once the watermark passes them, their output emitted as one batch', () => {
  const op = new Delay();
  const h = new OperatorHarness<string, string>(op);
  h.open();
  h.processElement('b', 20);
  h.processElement('a', 10);
  h.processElement('c', 30);
  h.processWatermark(25);
  assert.deepEqual(h.outputWithTimes(), [
    { value: 'a@10 (watermark 25)', time: 10 },
    { value: 'b@20 (watermark 25)', time: 20 },
  ]);
  assert.equal(op.afterTimersCalls, 1);
});

test('a watermark that does not move forward fires nothing and leaves the watermark where it was', () => {
  const op = new Delay();
  const h = new OperatorHarness<string, string>(op);
  h.open();
  h.processWatermark(25);
  h.processElement('x', 20);
  h.processWatermark(25);
  h.processWatermark(15);
  h.processElement('y', 26);
  assert.deepEqual(h.output(), ['late x']);
  assert.equal(op.afterTimersCalls, 1);
});

test('restored from a snapshot, the watermark carries on: rows behind it stay late, pending timers still fire', () => {
  const h = new OperatorHarness<string, string>(new Delay());
  h.open();
  h.processElement('a', 40);
  h.processWatermark(30);
  const saved = h.snapshot();
  assert.deepEqual(saved.operator, { watermark: 30 });
  const restored = OperatorHarness.restore<string, string>(new Delay(), saved);
  restored.processElement('old', 30);
  restored.processWatermark(50);
  assert.deepEqual(restored.output(), ['late old', 'a@40 (watermark 50)']);
});
