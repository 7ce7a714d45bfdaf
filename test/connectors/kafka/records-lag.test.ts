// A Kafka reader's lag (records between its position and the partition's end as of its last fetch),
// which the REST API and /metrics report per partition.
import assert from 'node:assert/strict';
import { END, kafkaSource } from 'sluice';
import { kafkaTest, requireKafkaBootstrap } from '../../kafka/kafka-env.ts';
import { connect, newTopic, produce } from './kafka-helpers.ts';

const ctx = { taskIndex: 0, parallelism: 1, now: () => Date.now() };

kafkaTest('the lag is unknown before a fetch, then the records left after each poll, 0 at the end', async () => {
  const kafka = await connect();
  try {
    const topic = await newTopic(kafka, 'lag', 1);
    const values = Array.from({ length: 10 }, (_, n) => ({ n }));
    await produce(kafka, topic, values, { partition: 0 });
    const source = kafkaSource<{ n: number }>({ bootstrapServers: requireKafkaBootstrap(), topic, startupMode: 'earliest-offset' });
    const [split] = await source.splits(ctx);
    const reader = source.createReader(split, undefined, ctx);
    try {
      assert.equal(reader.lag?.(), undefined, 'no fetch yet');
      let read = 0;
      while (read < values.length) {
        const batch = await reader.poll(3);
        assert.notEqual(batch, END);
        if (batch === END) break;
        read += batch.values.length;
        if (batch.values.length > 0) assert.equal(reader.lag?.(), values.length - read, `after reading ${read}`);
      }
      await produce(kafka, topic, [{ n: 10 }, { n: 11 }], { partition: 0 });
      // The lag is as of the last fetch: the next fetch sees the two new records.
      const next = await reader.poll(1);
      assert.ok(next !== END && next.values.length === 1);
      assert.equal(reader.lag?.(), 1);
    } finally {
      await reader.close();
    }
  } finally {
    await kafka.close();
  }
});
