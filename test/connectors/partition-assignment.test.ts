import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownedPartitions, ownerTask } from '../../src/connectors/partition-assignment.ts';

test('a one-topic source gives partition p to task p % parallelism', () => {
  assert.deepEqual([0, 1, 2, 3, 4].map((p) => ownerTask('trades', p, 2, false)), [0, 1, 0, 1, 0]);
  assert.deepEqual([0, 1, 2, 3].map((p) => ownerTask('trades', p, 3, false)), [0, 1, 2, 0]);
  assert.equal(ownerTask('trades', 7, 1, true), 0, 'one task owns everything');
});

test('a several-topic source gives every partition exactly one task, the same in every call, and spreads one-partition topics', () => {
  const topics = Array.from({ length: 40 }, (_, i) => `topic-${i}`);
  const partitions = topics.flatMap((topic) => [0, 1, 2].map((partition) => ({ topic, partition })));
  const shares = [0, 1, 2, 3].map((taskIndex) => ownedPartitions(partitions, { taskIndex, parallelism: 4 }, true));
  const all = shares.flat().map((p) => `${p.topic}-${p.partition}`).sort();
  assert.deepEqual(all, partitions.map((p) => `${p.topic}-${p.partition}`).sort(), 'each partition once');
  for (const p of partitions) assert.equal(ownerTask(p.topic, p.partition, 4, true), ownerTask(p.topic, p.partition, 4, true));
  const firstPartitionOwners = new Set(topics.map((topic) => ownerTask(topic, 0, 4, true)));
  assert.equal(firstPartitionOwners.size, 4, 'partition 0 of the topics is not always on task 0');
  // Consecutive partitions of one topic go to consecutive tasks.
  const start = ownerTask('topic-7', 0, 4, true);
  assert.deepEqual([1, 2, 3].map((p) => ownerTask('topic-7', p, 4, true)), [1, 2, 3].map((p) => (start + p) % 4));
});
