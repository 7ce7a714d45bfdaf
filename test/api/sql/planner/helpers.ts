import assert from 'node:assert/strict';
import { parseScript, parseStatement } from '../../../../src/api/sql/index.ts';
import type { Query } from '../../../../src/api/sql/index.ts';
import { SqlPlanner, SqlValidationError, type PlannedStatement, type SelectPlan } from '../../../../src/api/sql/planner/index.ts';
import { Catalog } from '../../../../src/catalog/index.ts';
import { defaultConnectorRegistry } from '../../../../src/engine/connector-registry.ts';
import type { PlanNode } from '../../../../src/plan/nodes.ts';

/** The seed's table, on the in-process memory connector (the planner tests never run it). */
export const STOCK_DATA = `
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH (
    'connector' = 'sluice-memory',
    'name' = 'stock_data'
)`;

/** A planner over a fresh catalog, with the given DDL applied. */
export function plannerWith(...ddl: string[]): SqlPlanner {
  const planner = new SqlPlanner({ catalog: new Catalog(), connectors: defaultConnectorRegistry() });
  for (const script of ddl) for (const stmt of parseScript(script)) planner.plan(stmt, script);
  return planner;
}

/** Plans one statement. */
export function plan(planner: SqlPlanner, sql: string): PlannedStatement {
  return planner.plan(parseStatement(sql), sql);
}

/** The rows of a SHOW / DESCRIBE / SET statement. */
export function rowsOf(planned: PlannedStatement): readonly Record<string, unknown>[] {
  assert.equal(planned.kind, 'table');
  return (planned as Extract<PlannedStatement, { kind: 'table' }>).result.rows;
}

/** Plans a SELECT. */
export function select(planner: SqlPlanner, sql: string): SelectPlan {
  const planned = plan(planner, sql);
  assert.equal(planned.kind, 'query');
  return (planned as { select: SelectPlan }).select;
}

/** The chain of node kinds from a node down its first inputs: ['calc', 'window-aggregate', 'source']. */
export function chain(node: PlanNode): string[] {
  const kinds: string[] = [];
  for (let n: PlanNode | undefined = node; n !== undefined; n = 'input' in n ? (n.input as PlanNode) : undefined) kinds.push(n.kind);
  return kinds;
}

/** The node of a kind on the chain below `node`. */
export function find<K extends PlanNode['kind']>(node: PlanNode, kind: K): Extract<PlanNode, { kind: K }> {
  for (let n: PlanNode | undefined = node; n !== undefined; n = 'input' in n ? (n.input as PlanNode) : undefined) {
    if (n.kind === kind) return n as Extract<PlanNode, { kind: K }>;
  }
  assert.fail(`no ${kind} node in ${chain(node).join(' → ')}`);
}

/** Runs `fn`, which must throw a SqlValidationError, and returns it. */
export function sqlError(fn: () => unknown): SqlValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlValidationError) return e;
    throw e;
  }
  assert.fail('expected a SqlValidationError');
}

export type { Query };
