import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SelectPlan } from '../../../../src/api/sql/planner/planner.ts';
import { DataTypes } from '../../../../src/core/data-types.ts';
import { exprToString } from '../../../../src/plan/expr/index.ts';
import { chain, find, plan, plannerWith, select, sqlError } from './helpers.ts';

/** A table whose WATERMARK is `expression`, on the in-process memory connector. */
function ticks(expression: string, extraColumns = ''): string {
  return `CREATE TABLE ticks (sym STRING, urgent BOOLEAN, ts TIMESTAMP(3), ltz TIMESTAMP_LTZ(3)${extraColumns},
    WATERMARK FOR ts AS ${expression}) WITH ('connector' = 'sluice-memory', 'name' = 'ticks')`;
}

function scan(expression: string, extraColumns = ''): SelectPlan {
  return select(plannerWith(ticks(expression, extraColumns)), 'SELECT sym FROM ticks');
}

test('the rowtime minus (or plus) constant intervals folds into a fixed delay', () => {
  const cases: [string, number][] = [
    ['ts', 0],
    ["ts - INTERVAL '5' SECOND", 5000],
    ["ts - INTERVAL '1' MINUTE - INTERVAL '30' SECOND", 90_000],
    ["(ts - INTERVAL '1' MINUTE) + INTERVAL '10' SECOND", 50_000],
    ['TIMESTAMPADD(SECOND, -5, ts)', 5000],
    ["TIMESTAMPADD(MINUTE, -1, ts - INTERVAL '0.5' SECOND)", 60_500],
    ["ts - INTERVAL '2' SECOND * 3", 6000],
    ["INTERVAL '1' HOUR + ts - INTERVAL '2' HOUR", 3_600_000],
    ["ts + INTERVAL '1' SECOND", -1000],
  ];
  for (const [expression, delay] of cases) {
    const source = find(scan(expression).relation.node, 'source');
    assert.equal(source.watermark?.maxOutOfOrderness, delay, expression);
    assert.equal(source.watermark?.recordWatermarkExpr, undefined, `${expression} needs no per-row evaluation`);
  }
});

test('any other timestamp expression becomes a per-row watermark expression on the source', () => {
  for (const expression of [
    "CASE WHEN urgent THEN ts ELSE ts - INTERVAL '30' SECOND END",
    "ts - INTERVAL '1' MONTH",
    "TIMESTAMPADD(MONTH, -1, ts)",
  ]) {
    const source = find(scan(expression).relation.node, 'source');
    assert.equal(source.watermark?.maxOutOfOrderness, 0, expression);
    assert.ok(source.watermark?.recordWatermarkExpr, expression);
  }
  const source = find(scan("CASE WHEN urgent THEN ts ELSE ts - INTERVAL '30' SECOND END").relation.node, 'source');
  assert.equal(exprToString(source.watermark!.recordWatermarkExpr!.expr), "CASE WHEN urgent THEN ts ELSE ts - INTERVAL '+0 00:00:30.000' DAY TO SECOND(3) END");
  assert.deepEqual(source.watermark!.recordWatermarkExpr!.inputType.fields.map((f) => f.name), ['sym', 'urgent', 'ts', 'ltz']);
  assert.equal(source.watermark!.timestamp!({ ts: 1234 }, Number.NaN), 1234, 'the rowtime stays the timestamp');
});

test('a watermark expression that reads a computed column is evaluated after it, by a watermark node', () => {
  const q = scan('GREATEST(ts, slack)', ", slack AS ts - INTERVAL '1' MINUTE");
  assert.deepEqual(chain(q.relation.node), ['calc', 'watermark', 'calc', 'source']);
  assert.equal(find(q.relation.node, 'source').watermark, undefined);
  const strategy = find(q.relation.node, 'watermark').strategy;
  assert.equal(exprToString(strategy.recordWatermarkExpr!.expr), 'GREATEST(ts, slack)');
  assert.ok(strategy.recordWatermarkExpr!.inputType.fields.some((f) => f.name === 'slack'));
});

test('EXPLAIN shows a per-row watermark as the maximum of its expression', () => {
  const planner = plannerWith(ticks("CASE WHEN urgent THEN ts ELSE ts - INTERVAL '30' SECOND END"));
  const planned = plan(planner, 'EXPLAIN SELECT sym FROM ticks');
  assert.equal(planned.kind, 'explain');
  assert.match((planned as { text: string }).text, /watermark=\[max\(CASE WHEN urgent THEN ts ELSE ts - INTERVAL '\+0 00:00:30\.000' DAY TO SECOND\(3\) END\)\]/);
  const leading = plan(plannerWith(ticks("ts + INTERVAL '2' SECOND")), 'EXPLAIN SELECT sym FROM ticks');
  assert.match((leading as { text: string }).text, /watermark=\[max\(rowtime\) \+ 2 s\]/);
});

test('a watermark expression that is not TIMESTAMP(3) or TIMESTAMP_LTZ(3) is an error at the expression', () => {
  const notTime = sqlError(() => plannerWith(ticks('CHAR_LENGTH(sym)')));
  assert.equal(notTime.line, 2);
  assert.equal(notTime.column, 25);
  assert.match(notTime.problem, /the watermark expression must be TIMESTAMP\(3\) or TIMESTAMP_LTZ\(3\) .*, got INT/);
  const precision = sqlError(() => plannerWith(ticks('CAST(ts AS TIMESTAMP(6))')));
  assert.match(precision.problem, /got TIMESTAMP\(6\)/);
  const ltz = find(scan('ltz').relation.node, 'source');
  assert.ok(ltz.watermark?.recordWatermarkExpr, 'another TIMESTAMP_LTZ(3) column is a valid watermark, evaluated per row');
});

test('a table created through the catalog API may give its watermark as SQL text', () => {
  const planner = plannerWith();
  planner.catalog.createTable({
    name: 'api_ticks', options: { connector: 'sluice-memory', name: 'api_ticks' },
    columns: [{ kind: 'physical', name: 'ts', type: DataTypes.TIMESTAMP(3) }, { kind: 'physical', name: 'n', type: DataTypes.INT() }],
    watermark: { column: 'ts', expression: "CASE WHEN n > 0 THEN ts ELSE ts - INTERVAL '1' MINUTE END" },
  });
  const source = find(select(planner, 'SELECT n FROM api_ticks').relation.node, 'source');
  assert.ok(source.watermark?.recordWatermarkExpr);
  planner.catalog.createTable({
    name: 'bad_ticks', options: { connector: 'sluice-memory', name: 'bad_ticks' },
    columns: [{ kind: 'physical', name: 'ts', type: DataTypes.TIMESTAMP(3) }, { kind: 'physical', name: 'n', type: DataTypes.INT() }],
    watermark: { column: 'ts', expression: 'n + 1' },
  });
  const e = sqlError(() => select(planner, 'SELECT n FROM bad_ticks'));
  assert.match(e.problem, /the watermark expression must be TIMESTAMP\(3\) or TIMESTAMP_LTZ\(3\)/);
});
