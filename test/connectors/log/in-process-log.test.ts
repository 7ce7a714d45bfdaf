import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessLog } from '../../../src/connectors/log/in-process-log.ts';
import { partitionForKey } from '../../../src/connectors/log/murmur2.ts';

test('appends get consecutive offsets per partition', () => {
  const log = new InProcessLog({ now: () => 1000 });
  log.createTopic('t', { partitions: 2 });
  assert.deepEqual(log.append('t', 0, [{ value: 'a' }, { value: 'b' }]), [0, 1]);
  assert.deepEqual(log.append('t', 1, [{ value: 'c' }]), [0]);
  assert.deepEqual(log.append('t', 0, [{ value: 'd', timestamp: 5 }]), [2]);
  assert.equal(log.endOffset('t', 0), 3);
  assert.equal(log.beginningOffset('t', 0), 0);
  const [record] = log.read('t', 0, 2, 10);
  assert.deepEqual(record, { topic: 't', partition: 0, offset: 2, key: null, value: 'd', timestamp: 5, headers: undefined });
  assert.equal(log.read('t', 0, 0, 1)[0].timestamp, 1000);
  assert.deepEqual(log.read('t', 0, 1, 1).map((r) => r.value), ['b']);
  assert.deepEqual(log.read('t', 0, 3, 10), []);
});

test('records with a key go to the key’s murmur2 partition; without one, round robin', () => {
  const log = new InProcessLog();
  log.createTopic('t', { partitions: 3 });
  const keyed = log.produce('t', [{ key: 'AAPL', value: 1 }, { key: 'AAPL', value: 2 }]);
  assert.deepEqual(keyed.map((m) => m.partition), [partitionForKey('AAPL', 3), partitionForKey('AAPL', 3)]);
  assert.deepEqual(keyed.map((m) => m.offset), [0, 1]);
  const unkeyed = log.produce('t', [{ value: 'x' }, { value: 'y' }, { value: 'z' }]);
  assert.deepEqual(unkeyed.map((m) => m.partition).sort(), [0, 1, 2]);
});

test('committed offsets are kept per group and partition', () => {
  const log = new InProcessLog();
  log.createTopic('t', { partitions: 2 });
  assert.equal(log.committed('g', 't', 0), undefined);
  log.commitOffsets('g', [{ topic: 't', partition: 0, offset: 5 }, { topic: 't', partition: 1, offset: 2 }]);
  log.commitOffsets('h', [{ topic: 't', partition: 0, offset: 1 }]);
  assert.equal(log.committed('g', 't', 0), 5);
  assert.equal(log.committed('g', 't', 1), 2);
  assert.equal(log.committed('h', 't', 0), 1);
});

test('deleted records move the beginning offset; reading before it is out of range', () => {
  const log = new InProcessLog();
  log.createTopic('t');
  log.append('t', 0, [{ value: 0 }, { value: 1 }, { value: 2 }]);
  log.deleteRecords('t', 0, 2);
  assert.equal(log.beginningOffset('t', 0), 2);
  assert.deepEqual(log.read('t', 0, 2, 5).map((r) => r.offset), [2]);
  assert.throws(() => log.read('t', 0, 0, 5), /t-0: offset 0 is out of range \[2, 3\]/);
});

test('a partition view shows the stored columns from the first offset still stored', () => {
  const log = new InProcessLog({ now: () => 1000 });
  log.createTopic('t');
  log.append('t', 0, [{ value: 'a', timestamp: 5 }, { key: 'k', value: 'b', headers: { h: 'x' } }, { value: 'c' }]);
  log.deleteRecords('t', 0, 1);
  const view = log.view('t', 0);
  assert.equal(view.base, 1);
  assert.deepEqual([...view.values], ['b', 'c']);
  assert.deepEqual([...view.keys], ['k', null]);
  assert.deepEqual([...view.timestamps], [1000, 1000]);
  assert.deepEqual([...view.headers], [{ h: 'x' }, undefined]);
  log.append('t', 0, [{ value: 'd' }]);
  assert.deepEqual(view.values.slice(view.values.length - 1), ['d']); // live: appends show
  assert.deepEqual(log.read('t', 0, 1, 1), [{ topic: 't', partition: 0, offset: 1, key: 'k', value: 'b', timestamp: 1000, headers: { h: 'x' } }]);
});

test('missing topics and partitions are named in the error', () => {
  const log = new InProcessLog();
  assert.throws(() => log.append('nope', 0, [{ value: 1 }]), /topic 'nope' does not exist/);
  log.createTopic('t', { partitions: 2 });
  assert.throws(() => log.read('t', 2, 0, 1), /topic 't' has no partition 2 \(it has 2\)/);
  assert.throws(() => log.createTopic('t'), /topic 't' already exists/);
  log.createTopic('t', { ifNotExists: true });
  assert.deepEqual(log.topics(), ['t']);
});

test('waitForData resolves when a record arrives, before the timeout', async () => {
  const log = new InProcessLog();
  log.createTopic('t');
  let resolved = false;
  const waiting = log.waitForData('t', 0, 0, 60_000).then(() => (resolved = true));
  await Promise.resolve();
  assert.equal(resolved, false);
  log.append('t', 0, [{ value: 'x' }]);
  await waiting;
  assert.equal(resolved, true);
});

test('waitForData resolves on timeout when nothing arrives', async () => {
  const log = new InProcessLog();
  log.createTopic('t');
  await log.waitForData('t', 0, 0, 5);
  assert.equal(log.endOffset('t', 0), 0);
});

test('a transactional append runs once per sequence; a fresh start forgets, a restore remembers', () => {
  const log = new InProcessLog();
  log.createTopic('t');
  log.initTransactions('job-t-0');
  assert.equal(log.produceTransactional('job-t-0', 1, 't', [{ value: 'a' }]), true);
  assert.equal(log.produceTransactional('job-t-0', 1, 't', [{ value: 'a' }]), false);
  log.initTransactions('job-t-0', 1); // restore from checkpoint 1
  assert.equal(log.produceTransactional('job-t-0', 1, 't', [{ value: 'a' }]), false);
  assert.equal(log.produceTransactional('job-t-0', 2, 't', [{ value: 'b' }]), true);
  log.initTransactions('job-t-0'); // a new run of the job numbers checkpoints from 1 again
  assert.equal(log.produceTransactional('job-t-0', 1, 't', [{ value: 'c' }]), true);
  assert.deepEqual(log.read('t', 0, 0, 10).map((r) => r.value), ['a', 'b', 'c']);
});
