// The runtime's side of event time across an exchange: a sink is told its input watermark in order
// with the batches (also while a checkpoint holds them back), and a source whose readers give the
// watermark (a repartition topic's markers) uses it instead of timestamps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_WATERMARK, type Batch } from '../../src/core/batch.ts';
import { memorySource } from '../../src/connectors/memory/memory-source.ts';
import type { Sink, Source } from '../../src/connectors/spi.ts';
import { SinkVertex } from '../../src/runtime/sink-vertex.ts';
import { SourceVertex } from '../../src/runtime/source-vertex.ts';
import { Vertex } from '../../src/runtime/vertex.ts';

/** A sink that records, in order, what reaches it: batches and watermark changes. */
function recordingSink(events: string[], takesWatermarks = true): Sink<unknown> {
  return {
    name: 'recording', open() {}, prepareCommit: () => null, commit() {}, abort() {}, close() {},
    write(values) { events.push(`rows ${values.join(',')}`); },
    ...(takesWatermarks ? { writeWatermark(watermark: number, idle: boolean) { events.push(`wm ${watermark}${idle ? ' idle' : ''}`); } } : {}),
  };
}

/** Pushes batches and watermarks into the vertex under test. */
class Upstream extends Vertex {
  receive(): void {}
  push(batch: Batch<unknown>): void { this.emit(batch); }
  raise(watermark: number): void { this.advanceWatermark(watermark); }
}

function wired(sink: Sink<unknown>): { up: Upstream; vertex: SinkVertex } {
  const up = new Upstream('up', 'test');
  const vertex = new SinkVertex('out', sink, []);
  up.mainOutputs.push({ target: vertex, input: vertex.addInput() });
  return { up, vertex };
}

test('a sink gets its input watermark after the batches before it, also through a checkpoint\'s hold', () => {
  const events: string[] = [];
  const { up, vertex } = wired(recordingSink(events));
  up.push({ values: ['a'], times: [1] });
  up.raise(10);
  vertex.hold();
  up.push({ values: ['b'], times: [11] });
  up.raise(20);
  up.push({ values: ['c'], times: [21] });
  assert.deepEqual(events, ['rows a', 'wm 10']);
  vertex.release();
  assert.deepEqual(events, ['rows a', 'wm 10', 'rows b', 'wm 20', 'rows c']);
  assert.equal(vertex.heldRecords, 0);
});

test('idleness of the sink\'s input reaches the sink; an unchanged watermark is not sent again', () => {
  const events: string[] = [];
  const { up, vertex } = wired(recordingSink(events));
  up.raise(5);
  vertex.receiveIdle(0, true);
  vertex.receiveIdle(0, true);
  vertex.receiveIdle(0, false);
  assert.deepEqual(events, ['wm 5', 'wm 5 idle', 'wm 5']);
});

test('a sink without writeWatermark sees only its batches', () => {
  const events: string[] = [];
  const { up } = wired(recordingSink(events, false));
  up.push({ values: ['a'], times: [1] });
  up.raise(10);
  assert.deepEqual(events, ['rows a']);
});

function providing(): Source<unknown> {
  return Object.assign(memorySource<unknown>([]), { providesWatermarks: true });
}

test('a source that provides watermarks ignores record timestamps and takes the minimum of its splits\' given watermarks', () => {
  const v = new SourceVertex('repartition', providing(), undefined);
  v.addSplit('p0', 0);
  v.addSplit('p1', 0);
  v.pushSplitBatch('p0', ['x'], [1_000_000], 0);
  assert.equal(v.watermark, MIN_WATERMARK);
  v.pushSplitWatermark('p0', 5_000, undefined, 0);
  assert.equal(v.watermark, MIN_WATERMARK); // p1 has given none yet
  v.pushSplitWatermark('p1', 3_000, undefined, 0);
  assert.equal(v.watermark, 3_000);
  v.pushSplitWatermark('p1', 9_000, undefined, 0);
  assert.equal(v.watermark, 5_000);
});

test('an idle split (all its producers idle) holds nothing back until it gives a watermark again', () => {
  const v = new SourceVertex('repartition', providing(), undefined);
  v.addSplit('p0', 0);
  v.addSplit('p1', 0);
  v.pushSplitWatermark('p0', 7_000, undefined, 0);
  v.pushSplitWatermark('p1', undefined, true, 0);
  assert.equal(v.watermark, 7_000);
  v.pushSplitWatermark('p1', 8_000, false, 0);
  v.pushSplitWatermark('p0', 12_000, undefined, 0);
  assert.equal(v.watermark, 8_000);
});
