import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeToString } from '../../../../src/core/data-types.ts';
import { exprToString } from '../../../../src/plan/expr/index.ts';
import { find, plan, plannerWith, select, sqlError } from './helpers.ts';

const EVENTS = "CREATE TABLE events (id INT, payload STRING) WITH ('connector' = 'sluice-memory', 'name' = 'events')";

test('JSON_VALUE … RETURNING binds to a column of that type, its clauses kept in the call', () => {
  const q = select(plannerWith(EVENTS), `SELECT
      JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT id ON EMPTY) AS n,
      JSON_VALUE(payload, '$.ok' RETURNING BOOLEAN ERROR ON ERROR) AS ok,
      JSON_QUERY(payload, '$.tags' WITH CONDITIONAL WRAPPER EMPTY ARRAY ON EMPTY) AS tags,
      JSON_VALUE(payload, '$.s') AS s
    FROM events`);
  assert.deepEqual(q.relation.columns.map((c) => `${c.name} ${typeToString(c.type)}`), ['n INT', 'ok BOOLEAN', 'tags STRING', 's STRING']);
  assert.deepEqual(find(q.relation.node, 'calc').projections?.map((p) => exprToString(p.expr)), [
    "JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT id ON EMPTY NULL ON ERROR)",
    "JSON_VALUE(payload, '$.ok' RETURNING BOOLEAN NULL ON EMPTY ERROR ON ERROR)",
    "JSON_QUERY(payload, '$.tags' WITH CONDITIONAL ARRAY WRAPPER EMPTY ARRAY ON EMPTY NULL ON ERROR)",
    "JSON_VALUE(payload, '$.s')",
  ]);
});

test('a RETURNING type JSON_VALUE cannot give, or a DEFAULT that does not cast to it, is a validation error at the call', () => {
  const planner = plannerWith(EVENTS);
  const returning = sqlError(() => plan(planner, "SELECT id,\n  JSON_VALUE(payload, '$.d' RETURNING DATE) FROM events"));
  assert.deepEqual([returning.line, returning.column], [2, 3]);
  assert.match(returning.problem, /JSON_VALUE: RETURNING DATE is not supported/);
  const fallback = sqlError(() => plan(planner, "SELECT JSON_VALUE(payload, '$.n' RETURNING INT DEFAULT DATE '2024-01-01' ON ERROR) FROM events"));
  assert.match(fallback.problem, /DEFAULT value of type DATE cannot be cast to the RETURNING type INT/);
});

test('aggregates and columns inside a DEFAULT take part in grouping like any other operand', () => {
  const planner = plannerWith(EVENTS);
  const e = sqlError(() => plan(planner, "SELECT JSON_VALUE(MAX(payload), '$.n' DEFAULT payload ON EMPTY) FROM events"));
  assert.match(e.problem, /^column 'payload' is neither grouped nor aggregated/);
  const q = select(planner, "SELECT id, JSON_VALUE(MAX(payload), '$.n' RETURNING INT DEFAULT MIN(id) ON EMPTY) AS n FROM events GROUP BY id");
  assert.equal(find(q.relation.node, 'group-aggregate').calls.length, 2);
});
