import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND, type RowKind } from '../formats/row-kind.ts';
import type { AggregateFunction } from '../plan/functions.ts';
import type { GroupAggregateNodeFields } from '../plan/relational-nodes.ts';
import type { ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { valuesEqual } from './expr/runtime-values.ts';
import { BaseOperator, type OperatorContext } from './operator.ts';
import { PendingOutput } from './pending-output.ts';
import { compileAggregateCalls } from './sql-aggregates/compile-calls.ts';
import { compileGroupKey } from './sql-aggregates/group-key.ts';
import { compileResultRow, resultSources } from './sql-aggregates/result-row.ts';
import { sameResult } from './same-result.ts';

/** Configuration of {@link GroupAggregateOperator}. */
export interface GroupAggregateConfig<Acc> {
  /** The group key; absent means one global group. */
  readonly key?: (row: Row) => unknown;
  /** The aggregates; the result is their values in a fixed order. Accumulators must be plain data. */
  readonly aggregate: AggregateFunction<Row, Acc, unknown[]>;
  /** Makes an output row from the key, the values and the row's kind. */
  readonly row: (key: unknown, values: readonly unknown[], kind: RowKind) => Row;
  /**
   * Milliseconds of processing time after its last row before a key's state expires ('table.exec.state.ttl');
   * its next row then starts a new group (+I). Absent: state lives as long as the job.
   */
  readonly stateTtlMs?: number;
  /**
   * For a changelog input: takes a -U or -D row back out of the accumulator. Then each group counts
   * its rows, and one whose rows are all retracted is deleted (-D). Absent: input must be insert-only.
   */
  readonly retract?: (acc: Acc, row: Row) => Acc;
}

/** What a key's state holds: its accumulator, the values of the row last emitted for it, and (retracting) its row count. */
interface Group<Acc> {
  acc: Acc;
  emitted: unknown[];
  rows?: number;
}

/** Name of the value state holding each key's {@link Group}. */
const GROUPS = 'group-aggregate';

/** Marks "no key selected by this operator", so the first record always sets the backend's key. */
const NO_KEY: unique symbol = Symbol('no key');

/**
 * A non-windowed GROUP BY (Flink's GroupAggFunction): for every input row the key's accumulator is
 * updated and the change is emitted as a changelog — the first row of a key is `+I` (insert); a
 * later row that changes the result emits `-U` (the previous row) then `+U` (the new one); a row that
 * leaves the result as it was emits nothing. Rows carry their kind in `$kind`. What the records of a
 * batch cause is emitted as one batch, each output row with the time of the input row that caused it.
 *
 * State is keyed (the backend's, so checkpoints and restore come from it): per key, the accumulator
 * and the last emitted values. A changelog input (`retract` configured) may take rows back: a `-U`
 * or `-D` row is retracted from its group, which is deleted (`-D`) once its last row is; without
 * `retract`, a `-U` or `-D` row is a PlanError.
 * With `stateTtlMs` a key's state expires that long after its last row (every row writes it), as
 * Flink's 'table.exec.state.ttl': the backend never returns it again, so the key's next row is +I.
 *
 * @example
 * const op = new GroupAggregateOperator({
 *   key: (r) => r.symbol,
 *   aggregate: { createAccumulator: () => [0], add: (a) => { a[0]++; return a; }, getResult: (a) => [a[0]] },
 *   row: (symbol, [n], kind) => ({ symbol, n, $kind: kind }),
 * });
 * // rows AAPL, AAPL → { symbol: 'AAPL', n: 1, $kind: 'insert' }, then n: 1 'update-before', n: 2 'update-after'
 */
export class GroupAggregateOperator<Acc> extends BaseOperator<Row, Row> {
  readonly #keyOf: ((row: Row) => unknown) | undefined;
  readonly #aggregate: AggregateFunction<Row, Acc, unknown[]>;
  readonly #row: (key: unknown, values: readonly unknown[], kind: RowKind) => Row;
  readonly #out = new PendingOutput<Row>();
  readonly #emit = (batch: Batch<Row>): void => this.ctx.emit(batch);
  readonly #stateTtlMs: number | undefined;
  readonly #retract: ((acc: Acc, row: Row) => Acc) | undefined;
  #groups!: ValueState<Group<Acc>>;

  constructor(config: GroupAggregateConfig<Acc>) {
    super();
    this.#keyOf = config.key;
    this.#aggregate = config.aggregate;
    this.#row = config.row;
    this.#stateTtlMs = config.stateTtlMs;
    this.#retract = config.retract;
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#groups = ctx.state.valueState<Group<Acc>>(GROUPS, this.#stateTtlMs === undefined ? undefined : { ttl: this.#stateTtlMs });
  }

  /** The row this key's group last emitted (its current result), without a row kind; undefined for an unknown key. */
  queryResult(key: unknown): Row | undefined {
    this.ctx.state.setCurrentKey(key);
    const group = this.#groups.value();
    if (group === undefined) return undefined;
    const { [ROW_KIND]: _kind, ...row } = this.#row(key, group.emitted, 'insert');
    return row;
  }

  processBatch(batch: Batch<Row>): void {
    const { values, times } = batch;
    const state = this.ctx.state;
    const groups = this.#groups;
    const aggregate = this.#aggregate;
    const out = this.#out;
    const build = this.#row;
    // The key cache lives for one batch: between calls something else may move the backend's key.
    let currentKey: unknown = NO_KEY;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      const retraction = kind === 'update-before' || kind === 'delete';
      if (retraction && this.#retract === undefined) {
        throw new PlanError(`group-aggregate '${this.ctx.id}': retraction input not supported here (got a row of kind ${kind})`);
      }
      const key = this.#keyOf === undefined ? undefined : this.#keyOf(row);
      if (key !== currentKey) {
        state.setCurrentKey(key);
        currentKey = key;
      }
      const group = groups.value();
      if (retraction) {
        // A retraction of a group not held (expired, or never seen) changes nothing, as in Flink.
        if (group === undefined) continue;
        group.acc = this.#retract!(group.acc, row);
        group.rows = (group.rows ?? 1) - 1;
        if (group.rows <= 0) {
          out.push(build(key, group.emitted, 'delete'), times[i]);
          groups.clear();
          continue;
        }
        const result = aggregate.getResult(group.acc);
        if (!sameResult(group.emitted, result)) {
          out.push(build(key, group.emitted, 'update-before'), times[i]);
          out.push(build(key, result, 'update-after'), times[i]);
          group.emitted = result;
        }
        groups.update(group);
        continue;
      }
      if (group === undefined) {
        const acc = aggregate.add(aggregate.createAccumulator(), row);
        const result = aggregate.getResult(acc);
        groups.update(this.#retract === undefined ? { acc, emitted: result } : { acc, emitted: result, rows: 1 });
        out.push(build(key, result, 'insert'), times[i]);
        continue;
      }
      if (this.#retract !== undefined) group.rows = (group.rows ?? 0) + 1;
      group.acc = aggregate.add(group.acc, row);
      const result = aggregate.getResult(group.acc);
      if (!sameResult(group.emitted, result)) {
        out.push(build(key, group.emitted, 'update-before'), times[i]);
        out.push(build(key, result, 'update-after'), times[i]);
        group.emitted = result;
      }
      // Written back even when unchanged: a backend that stores copies must see the new accumulator.
      groups.update(group);
    }
    out.flush(this.#emit);
  }
}


/**
 * A {@link GroupAggregateOperator} for a group-aggregate plan node: compiled keys and calls, and
 * output rows `{ …keys, …aggregates, $kind }` in the node's column order.
 *
 * @example
 * const op = createGroupAggregateOperator(node, `group-aggregate '${node.id}'`);
 */
export function createGroupAggregateOperator(
  node: Omit<GroupAggregateNodeFields, 'kind'>,
  label = 'group-aggregate',
  options?: CompileOptions,
): GroupAggregateOperator<unknown[]> {
  const calls = compileAggregateCalls(node.calls, node.inputType, label, options);
  const build = compileResultRow(node.outputType, resultSources(node.keys.map((k) => k.name), {}, calls.names), {
    compositeKey: node.keys.length > 1,
    withKind: true,
    label,
  });
  return new GroupAggregateOperator<unknown[]>({
    key: compileGroupKey(node.keys, node.inputType, options),
    aggregate: { createAccumulator: calls.createAccumulator, add: calls.add, getResult: calls.values, merge: calls.merge },
    row: (key, values, kind) => build(key, 0, 0, values, kind),
    ...(node.stateTtlMs === undefined ? {} : { stateTtlMs: node.stateTtlMs }),
    ...(node.retracting === true ? { retract: retractOf(calls, label) } : {}),
  });
}

function retractOf(calls: ReturnType<typeof compileAggregateCalls>, label: string): (acc: unknown[], row: Row) => unknown[] {
  if (calls.retract === undefined) {
    throw new PlanError(`${label}: over a changelog input every aggregate must be able to take rows back (COUNT, SUM, SUM0, AVG without DISTINCT); ${calls.names.join(', ')} cannot`);
  }
  return calls.retract;
}
