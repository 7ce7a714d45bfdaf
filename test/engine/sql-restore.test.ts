import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableEnvironment } from '../../src/engine/table-environment.ts';

/** A TableEnvironment checkpointing into `dir`, with a bounded 20-row input and a changelog sink. */
function environment(dir: string, sets: readonly string[] = []): TableEnvironment {
  const env = TableEnvironment.create({ runOptions: { checkpointDir: dir, handleSignals: false } });
  for (const set of sets) env.executeSql(set);
  env.executeSql(`CREATE TABLE trades (symbol STRING, shares INT) WITH (
    'connector' = 'datagen', 'number-of-rows' = '20', 'fields.symbol.length' = '1', 'fields.shares.min' = '1', 'fields.shares.max' = '9')`);
  env.executeSql("CREATE TABLE totals (symbol STRING, n BIGINT, total INT) WITH ('connector' = 'blackhole')");
  return env;
}

const COUNTS = 'INSERT INTO totals SELECT symbol, COUNT(*), CAST(0 AS INT) FROM trades GROUP BY symbol';
const COUNTS_AND_SUMS = 'INSERT INTO totals SELECT symbol, COUNT(*), SUM(shares) FROM trades GROUP BY symbol';

test("SQL: a changed GROUP BY refuses the old checkpoint; SET 'execution.savepoint.ignore-unclaimed-state' lets it start", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-sql-restore-'));
  try {
    const first = await environment(dir).executeSql(COUNTS).await();
    assert.equal(first?.outcome, 'finished');
    assert.ok((first?.lastCheckpointId ?? 0) >= 1, 'the first run left a checkpoint');

    await assert.rejects(environment(dir).executeSql(COUNTS_AND_SUMS).await(), (error: Error) =>
      /the state of group-aggregate '[^']+' \(uid '[^']+'\) changed shape/.test(error.message) &&
      /SUM\(INT\):INT/.test(error.message) && /'execution\.savepoint\.ignore-unclaimed-state'/.test(error.message));

    const warn = t.mock.method(console, 'warn', () => {});
    const env = environment(dir, ["SET 'execution.savepoint.ignore-unclaimed-state' = 'true'", "SET 'pipeline.name' = 'totals-v2'"]);
    const result = await env.executeSql(COUNTS_AND_SUMS).await();
    assert.equal(result?.outcome, 'finished');
    assert.equal(result?.name, 'totals-v2', "'pipeline.name' names the job");
    assert.ok((result?.lastCheckpointId ?? 0) > (first?.lastCheckpointId ?? 0), 'it continued from the old checkpoint (its source positions)');
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /allow-non-restored-state: the state of group-aggregate .* changed shape/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
