// A streaming query's progress says, per source, how many records of the batch were dropped as
// unparsable (Spark's DROPMALFORMED): in the source's `metrics`, as Spark's source metrics are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegerType, SparkSession, StringType, StructType } from '../../../src/index.ts';

test('a DROPMALFORMED json source reports the malformed lines of each batch in its progress metrics', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-df-progress-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const lines = ['{"symbol":"AAPL","shares":1}', '{"symbol":', '{"symbol":"MSFT","shares":"many"}', '{"symbol":"IBM","shares":3}'];
  await writeFile(join(dir, '1.json'), lines.join('\n') + '\n');
  const spark = new SparkSession();
  const schema = new StructType().add('symbol', StringType).add('shares', IntegerType);
  const query = spark.readStream.schema(schema).option('mode', 'DROPMALFORMED').json(dir)
    .writeStream.format('memory').queryName('progress_counts').start();
  t.after(() => query.stop());
  await query.processAllAvailable();
  await query.stop();
  const rows = await spark.table('progress_counts').collect();
  assert.deepEqual(rows.map((r) => r.symbol), ['AAPL', 'IBM']);
  const sources = query.recentProgress.flatMap((p) => p.sources);
  const total = (pick: (s: (typeof sources)[number]) => number) => sources.reduce((n, s) => n + pick(s), 0);
  assert.equal(total((s) => s.numInputRows), rows.length);
  assert.equal(total((s) => Number(s.metrics.numSkippedRecords)), lines.length - rows.length, JSON.stringify(sources));
  assert.equal(total((s) => Number(s.metrics.numDeadLetteredRecords)), 0);
});
