import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blackholeSink } from '../../../src/connectors/blackhole/blackhole-sink.ts';

test('the blackhole sink counts the records written to it', async () => {
  const sink = blackholeSink<number>();
  await sink.open({ taskIndex: 0, parallelism: 1, jobName: 'bench' });
  await sink.write([1, 2, 3], [0, 0, 0]);
  await sink.write([4], [0]);
  await sink.commit(1, await sink.prepareCommit(1));
  assert.equal(sink.count, 4);
});
