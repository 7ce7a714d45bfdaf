import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateTableFactory } from '../../../src/connectors/rate/table-factory.ts';
import { END, type SourceBatch } from '../../../src/connectors/spi.ts';
import { DataTypes } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import type { Row } from '../../../src/core/row.ts';
import { rowType, tableContext } from '../table-test-kit.ts';

const T = DataTypes;
const START = 1_704_103_200_000;
const ctx = { taskIndex: 0, parallelism: 1, now: () => START + 999 };

async function firstPoll(columns: ReturnType<typeof rowType>, options: Record<string, string>): Promise<Row[]> {
  const source = rateTableFactory.createSource!(tableContext(rateTableFactory, columns, { 'connector': 'rate', ...options }));
  const splits = await source.splits({ ...ctx, now: () => START });
  const batch = await source.createReader(splits[0], undefined, ctx).poll(100);
  assert.notEqual(batch, END);
  return (batch as SourceBatch<Row>).values;
}

test("the options default to Spark's: one row a second, no ramp-up, one partition", async () => {
  const options = tableContext(rateTableFactory, rowType(['value', T.BIGINT()]), { 'connector': 'rate' }).options;
  assert.deepEqual(options, { 'connector': 'rate', 'rows-per-second': '1', 'ramp-up-time': '0 s', 'number-of-partitions': '1' });
  assert.deepEqual(await firstPoll(rowType(['timestamp', T.TIMESTAMP(3)], ['value', T.BIGINT()]), {}), [{ timestamp: START, value: 0 }]);
});

test('a table may declare the columns in another order, or only one of them', async () => {
  const rows = await firstPoll(rowType(['value', T.BIGINT()], ['timestamp', T.TIMESTAMP_LTZ(3)]), { 'rows-per-second': '4', 'number-of-partitions': '2' });
  assert.deepEqual(rows, [{ value: 0, timestamp: START }, { value: 2, timestamp: START + 500 }]);
  assert.deepEqual(Object.keys(rows[0]), ['value', 'timestamp']);
  assert.deepEqual(await firstPoll(rowType(['value', T.BIGINT()]), { 'rows-per-second': '3' }), [{ value: 0 }, { value: 1 }, { value: 2 }]);
});

test('a column the rate source does not have is rejected naming it', () => {
  assert.throws(
    () => rateTableFactory.createSource!(tableContext(rateTableFactory, rowType(['value', T.INT()]), { 'connector': 'rate' })),
    (error: unknown) => error instanceof ConfigError && /column 'value' INT is not one of them/.test(error.message),
  );
  assert.throws(
    () => rateTableFactory.createSource!(tableContext(rateTableFactory, rowType(['n', T.BIGINT()]), { 'connector': 'rate' })),
    (error: unknown) => error instanceof ConfigError && /`timestamp` TIMESTAMP\(3\) and `value` BIGINT/.test(error.message),
  );
});

test('a ramp-up time is whole seconds of the duration', async () => {
  // 3 s ramp-up at 8 rows a second: speeds 2, 4, 6, then 8; by 999 ms only second 0's two values.
  assert.deepEqual((await firstPoll(rowType(['value', T.BIGINT()]), { 'rows-per-second': '8', 'ramp-up-time': '3500 ms' })).map((r) => r.value), [0, 1]);
});
