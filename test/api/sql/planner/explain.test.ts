import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainPlan } from '../../../../src/api/sql/planner/explain.ts';
import { DataTypes, type RowType } from '../../../../src/core/data-types.ts';
import { call, field, stringLiteral } from '../../../../src/plan/expr/index.ts';
import type { DeduplicateNode, IntervalJoinNode, LookupJoinNode, SourceNode } from '../../../../src/plan/nodes.ts';

const EVENTS: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.STRING() }, { name: 'ts', type: DataTypes.TIMESTAMP(3) }]);
const TABLE: RowType = DataTypes.ROW([{ name: 'key', type: DataTypes.STRING() }, { name: 'label', type: DataTypes.STRING() }]);
const OUT: RowType = DataTypes.ROW([{ name: 'id', type: DataTypes.STRING() }, { name: 'tag', type: DataTypes.STRING() }]);

const source: SourceNode = { id: 'events', kind: 'source', connector: { name: 'memory' } };

const dedup = (expiry?: DeduplicateNode['expiry']): DeduplicateNode =>
  ({ id: 'dedup', kind: 'deduplicate', input: source, inputType: EVENTS, keys: [field(EVENTS, 'id'), field(EVENTS, 'ts')], expiry, outputType: EVENTS });

const lookup = (joinType: 'inner' | 'left', withCondition: boolean): LookupJoinNode => ({
  id: 'labels', kind: 'lookup-join', input: dedup(), inputType: EVENTS, tableType: TABLE, loadTable: async () => [],
  inputKeys: [field(EVENTS, 'id')], tableKeys: [field(TABLE, 'key')], joinType,
  outputFields: [{ side: 'input', field: 'id', name: 'id' }, { side: 'table', field: 'label', name: 'tag' }],
  condition: withCondition ? call('<>', [field(OUT, 'tag'), stringLiteral('hidden')]) : undefined,
  outputType: OUT,
});

test('a lookup join explains as Flink prints one: join type, lookup keys (table = stream), condition, selected columns', () => {
  assert.equal(explainPlan([lookup('inner', false)]).split('\n')[0], 'LookupJoin(joinType=[InnerJoin], lookup=[key=id], select=[id, label AS tag])');
  assert.equal(
    explainPlan([lookup('left', true)]).split('\n')[0],
    "LookupJoin(joinType=[LeftOuterJoin], lookup=[key=id], where=[tag <> 'hidden'], select=[id, label AS tag])",
  );
});

test('a deduplicate node explains its keys and, when keys expire, after what', () => {
  assert.deepEqual(explainPlan([dedup()]).split('\n'), ['Deduplicate(keep=[FirstRow], key=[id, ts])', '+- Source(id=[events], source=[memory])']);
  assert.equal(explainPlan([dedup({ column: 'ts', afterMs: 0 })]).split('\n')[0], 'Deduplicate(keep=[FirstRow], key=[id, ts], expiry=[ts])');
  assert.equal(explainPlan([dedup({ column: 'ts', afterMs: 600_000 })]).split('\n')[0], 'Deduplicate(keep=[FirstRow], key=[id, ts], expiry=[ts + 10 min])');
});

const intervalJoin = (joinType: IntervalJoinNode['joinType'], lowerMs: number, upperMs: number, withCondition: boolean): IntervalJoinNode => ({
  id: 'j', kind: 'interval-join', left: source, right: { ...source, id: 'labels' }, leftType: EVENTS, rightType: TABLE,
  leftKeys: [field(EVENTS, 'id')], rightKeys: [field(TABLE, 'key')], leftTime: 'ts', rightTime: 'ts', lowerMs, upperMs, joinType,
  outputFields: [{ side: 'left', field: 'id', name: 'id' }, { side: 'right', field: 'label', name: 'tag' }],
  condition: withCondition ? call('<>', [field(OUT, 'tag'), stringLiteral('hidden')]) : undefined,
  outputType: OUT,
});

test('an interval join explains its join type, keys, time range, condition and columns, with both inputs under it', () => {
  assert.deepEqual(explainPlan([intervalJoin('inner', -60_000, 0, false)]).split('\n'), [
    'IntervalJoin(joinType=[InnerJoin], keys=[id=key], window=[right.ts BETWEEN left.ts - 1 min AND left.ts], select=[id, label AS tag])',
    ':- Source(id=[events], source=[memory])',
    '+- Source(id=[labels], source=[memory])',
  ]);
  assert.equal(
    explainPlan([intervalJoin('right', 500, 10_000, true)]).split('\n')[0],
    "IntervalJoin(joinType=[RightOuterJoin], keys=[id=key], window=[right.ts BETWEEN left.ts + 500 ms AND left.ts + 10 s], where=[tag <> 'hidden'], select=[id, label AS tag])",
  );
});
