import type { RowType } from '../core/data-types.ts';
import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import type { Expr } from '../plan/expr/expr.ts';
import type { IntervalJoinNodeFields } from '../plan/relational-nodes.ts';
import { compileExpr, type CompileOptions } from './expr/compile.ts';
import { checkJoinOutputFields, checkKeysPairUp } from './join-config-checks.ts';
import { hashKey } from './lookup-table-index.ts';

/** What {@link IntervalJoinOperator} needs of an interval-join node. */
export type IntervalJoinConfig = Omit<IntervalJoinNodeFields, 'kind'>;

/** What a join key function returns for a row with a NULL key part: such a row matches nothing. */
export const NO_MATCH: unique symbol = Symbol('no match');

/** Column types event time can be read from: epoch milliseconds (or plain numbers of them). */
const TIME_KINDS = new Set(['TIMESTAMP', 'TIMESTAMP_LTZ', 'BIGINT', 'INT', 'SMALLINT', 'TINYINT']);

/**
 * Checks what the planner built, so a mistake shows when the job is built, naming the node.
 *
 * @example
 * checkIntervalJoinConfig(config, "interval-join 'j'"); // throws a PlanError if e.g. lowerMs > upperMs
 */
export function checkIntervalJoinConfig(config: IntervalJoinConfig, label: string): void {
  const { joinType, lowerMs, upperMs } = config;
  if (joinType !== 'inner' && joinType !== 'left' && joinType !== 'right') {
    throw new PlanError(`${label}: join type must be 'inner', 'left' or 'right', got '${String(joinType)}'`);
  }
  checkKeysPairUp(config, label);
  if (!Number.isFinite(lowerMs) || !Number.isFinite(upperMs) || lowerMs > upperMs) {
    throw new PlanError(`${label}: the time range needs finite bounds with lower <= upper, got [${lowerMs}, ${upperMs}] ms`);
  }
  checkTimeColumn(config.leftType, config.leftTime, 'left', label);
  checkTimeColumn(config.rightType, config.rightTime, 'right', label);
  checkJoinOutputFields(config, label);
}

function checkTimeColumn(type: RowType, column: string, side: string, label: string): void {
  const found = type.fields.find((f) => f.name === column);
  if (found === undefined) throw new PlanError(`${label}: ${side} time column '${column}' is not a column of the ${side} input`);
  if (!TIME_KINDS.has(found.type.kind)) {
    throw new PlanError(`${label}: ${side} time column '${column}' must be a TIMESTAMP (event time), got ${found.type.kind}`);
  }
}

/**
 * Compiles the join keys of one side into the key its rows are held and probed under: one key → its
 * value, several → an array of them, none → one constant key; values equal in SQL become the same
 * key (BYTES by content, composites by their JSON, as the lookup join hashes them). A row with a NULL
 * key part gets {@link NO_MATCH}.
 *
 * @example
 * const keyOf = compileJoinKey([field(orders, 'customer_id')], orders);
 * keyOf({ customer_id: 7 }) // 7
 * keyOf({ customer_id: null }) // NO_MATCH
 */
export function compileJoinKey(keys: readonly Expr[], type: RowType, options?: CompileOptions): (row: Row) => unknown {
  const fns = keys.map((k) => compileExpr(k, type, options));
  if (fns.length === 0) return () => 0;
  if (fns.length === 1) {
    const f = fns[0];
    return (row) => {
      const v = f(row);
      if (v === null || v === undefined) return NO_MATCH;
      return typeof v === 'object' ? hashKey(v) : v;
    };
  }
  const n = fns.length;
  return (row) => {
    const key = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const v = fns[i](row);
      if (v === null || v === undefined) return NO_MATCH;
      key[i] = typeof v === 'object' ? hashKey(v) : v;
    }
    return key;
  };
}

