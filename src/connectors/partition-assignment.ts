/**
 * Which source task reads a partition when a job runs as several tasks. Each task decides alone,
 * from the partition's name and the task count, so the tasks agree without talking to each other
 * and a partition discovered later lands on the same task in every run with the same parallelism.
 */

/**
 * The task (0-based) that reads `partition` of `topic` among `parallelism` tasks. For a source of
 * one topic it is `partition % parallelism`; a source of several topics (a list, a pattern) starts
 * each topic at a task derived from its name (as Flink's Kafka enumerator does), so many
 * one-partition topics do not all land on task 0.
 *
 * @example
 * ownerTask('trades', 5, 2, false); // 1
 * ownerTask('trades', 5, 2, true);  // the same for every run: depends on the name, not the topic list
 */
export function ownerTask(topic: string, partition: number, parallelism: number, severalTopics: boolean): number {
  if (parallelism <= 1) return 0;
  const start = severalTopics ? topicStart(topic, parallelism) : 0;
  return (start + partition) % parallelism;
}

/**
 * Keeps the partitions task `taskIndex` of `parallelism` reads; with `coPartitioned` (a sub-topology
 * of a scaled job), exactly partition `taskIndex` of every topic.
 *
 * @example
 * ownedPartitions([{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }], { taskIndex: 1, parallelism: 2 }, false);
 * // → [{ topic: 't', partition: 1 }]
 */
export function ownedPartitions<P extends { readonly topic: string; readonly partition: number }>(
  partitions: readonly P[], task: { readonly taskIndex: number; readonly parallelism: number; readonly coPartitioned?: boolean }, severalTopics: boolean,
): P[] {
  // A sub-topology's task i reads partition i of each of its topics (Kafka Streams' co-partitioning).
  if (task.coPartitioned === true) return partitions.filter((p) => p.partition === task.taskIndex);
  if (task.parallelism <= 1) return [...partitions];
  return partitions.filter((p) => ownerTask(p.topic, p.partition, task.parallelism, severalTopics) === task.taskIndex);
}

/** A stable start task for a topic: its name's 31-polynomial hash (Java's String.hashCode), non-negative. */
function topicStart(topic: string, parallelism: number): number {
  let hash = 0;
  for (let i = 0; i < topic.length; i++) hash = (Math.imul(hash, 31) + topic.charCodeAt(i)) | 0;
  return (Math.imul(hash, 31) & 0x7fffffff) % parallelism;
}
