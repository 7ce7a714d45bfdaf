import type { Batch } from '../core/batch.ts';
import type { RowType } from '../core/data-types.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { LookupJoinNodeFields } from '../plan/relational-nodes.ts';
import { compileExpr, compilePredicate, type CompileOptions } from './expr/compile.ts';
import { LookupTableIndex } from './lookup-table-index.ts';
import { BaseOperator } from './operator.ts';
import { compileJoinRow } from './join-row.ts';

/** What {@link LookupJoinOperator} needs of a lookup-join node. */
export type LookupJoinConfig = Omit<LookupJoinNodeFields, 'kind'>;

/** Metric (gauge): rows the static table had when it was loaded. */
export const LOOKUP_TABLE_ROWS = 'lookupTableRows';

/** Metric (counter): reloads of the table that replaced it (periodic reload, `reloadIntervalMs`). */
export const LOOKUP_TABLE_RELOADS = 'lookupTableReloads';

/** The table side of a stream row nothing matched: every table column reads as NULL. */
const NO_TABLE_ROW: Row = Object.freeze({}) as Row;

/**
 * A stream joined with a static table held whole in memory (Flink's lookup join with a full cache,
 * Spark's stream-static join). `prepare()` loads the table — the runtime awaits it before any
 * input is read — and hashes it by its key values; it is not checkpointed (a restart loads it again).
 * With `reloadIntervalMs` the table is loaded again on that processing-time schedule, in the
 * background: batches keep joining with the old table until the new one is hashed, which then
 * replaces it before the next batch (Flink's FULL cache with a periodic reload). A reload that fails
 * fails the job at the next batch.
 *
 * Per stream row: its key is looked up (SQL equality, so a NULL key part matches nothing); each
 * matching table row makes one output row, kept when `condition` (over the output row) is TRUE; a
 * `left` join emits one row with the table's columns NULL when no pair is kept. Output rows keep the
 * stream row's timestamp and are emitted once per batch. Insert-only: a `-U`/`+U`/`-D` input row is an
 * error. Keys, condition and the output row builder are compiled once, when the operator is made.
 *
 * @example
 * const op = new LookupJoinOperator({
 *   inputType: orders, tableType: customers, loadTable: async () => customerRows,
 *   inputKeys: [field(orders, 'customer_id')], tableKeys: [field(customers, 'id')], joinType: 'left',
 *   outputFields: [{ side: 'input', field: 'order_id', name: 'order_id' }, { side: 'table', field: 'name', name: 'customer' }],
 *   outputType,
 * });
 * await op.prepare(); // after open(): loads and hashes the table
 */
export class LookupJoinOperator extends BaseOperator<Row, Row> {
  readonly #loadTable: () => Promise<readonly Row[]>;
  readonly #inputKeys: ((row: Row) => unknown)[];
  readonly #tableKeys: ((row: Row) => unknown)[];
  readonly #left: boolean;
  readonly #build: (input: Row, table: Row) => Row;
  readonly #condition: ((row: Row) => boolean) | undefined;
  readonly #reloadIntervalMs: number | undefined;
  readonly #fixedRate: boolean;
  #index: LookupTableIndex | undefined;
  /** When the next reload starts (processing time); Infinity while one runs or when none is due. */
  #nextReload = Number.POSITIVE_INFINITY;
  #reloading = false;
  /** A reloaded table waiting to replace the current one at the next batch. */
  #reloaded: { index: LookupTableIndex; rows: number } | undefined;
  #reloadError: unknown;

  constructor(config: LookupJoinConfig, label = 'lookup-join', options?: CompileOptions) {
    super();
    checkConfig(config, label);
    this.#loadTable = config.loadTable;
    this.#inputKeys = config.inputKeys.map((k) => compileExpr(k, config.inputType, options));
    this.#tableKeys = config.tableKeys.map((k) => compileExpr(k, config.tableType, options));
    this.#left = config.joinType === 'left';
    this.#build = compileJoinRow(config.outputFields, 'input');
    this.#condition = config.condition === undefined ? undefined : compilePredicate(config.condition, config.outputType, options);
    this.#reloadIntervalMs = config.reloadIntervalMs;
    this.#fixedRate = config.reloadMode === 'FIXED_RATE';
  }

  /** Whether the table has been loaded (prepare() resolved). */
  get loaded(): boolean {
    return this.#index !== undefined;
  }

  /** Loads the static table and hashes it by its keys; rejects with what went wrong. */
  async prepare(): Promise<void> {
    const startedAt = this.ctx.currentProcessingTime();
    const { index, rows } = await this.#load();
    this.#index = index;
    this.ctx.metrics.set(LOOKUP_TABLE_ROWS, rows);
    this.#scheduleReload(startedAt);
  }

  async #load(): Promise<{ index: LookupTableIndex; rows: number }> {
    let rows: readonly Row[];
    try {
      rows = await this.#loadTable();
    } catch (error) {
      throw new SluiceError(`loading the static table failed: ${messageOf(error)}`, { cause: error });
    }
    if (!Array.isArray(rows)) {
      throw new SluiceError(`loading the static table failed: loadTable() resolved to ${rows === null ? 'null' : typeof rows}, not an array of rows`);
    }
    try {
      return { index: new LookupTableIndex(this.#tableKeys, rows), rows: rows.length };
    } catch (error) {
      throw new SluiceError(`hashing the static table by its keys failed: ${messageOf(error)}`, { cause: error });
    }
  }

  /** The next reload: an interval after the last one ended (fixed delay) or began (fixed rate). */
  #scheduleReload(startedAt: number): void {
    const interval = this.#reloadIntervalMs;
    if (interval === undefined) return;
    const now = this.ctx.currentProcessingTime();
    this.#nextReload = this.#fixedRate ? Math.max(startedAt + interval, now) : now + interval;
  }

  override nextProcessingTime(): number {
    return this.#reloading ? Number.POSITIVE_INFINITY : this.#nextReload;
  }

  override onProcessingTime(now: number): void {
    this.#swapReloaded();
    if (this.#reloading || now < this.#nextReload) return;
    this.#reloading = true;
    this.#load().then(
      (loaded) => {
        this.#reloaded = loaded;
      },
      (error: unknown) => {
        this.#reloadError = error;
      },
    ).finally(() => {
      this.#reloading = false;
      this.#scheduleReload(now);
    });
  }

  /** Puts a finished reload in place (between batches), or fails with the reload's error. */
  #swapReloaded(): void {
    if (this.#reloadError !== undefined) {
      const error = this.#reloadError;
      this.#reloadError = undefined;
      throw new SluiceError(`lookup-join '${this.ctx.id}': reloading the table failed: ${messageOf(error)}`, { cause: error });
    }
    const reloaded = this.#reloaded;
    if (reloaded === undefined) return;
    this.#reloaded = undefined;
    this.#index = reloaded.index;
    this.ctx.metrics.set(LOOKUP_TABLE_ROWS, reloaded.rows);
    this.ctx.metrics.add(LOOKUP_TABLE_RELOADS, 1);
  }

  processBatch(batch: Batch<Row>): void {
    if (this.#reloadIntervalMs !== undefined) this.#swapReloaded();
    const index = this.#index;
    if (index === undefined) {
      throw new SluiceError(`lookup-join '${this.ctx.id}': a record arrived before the static table was loaded (prepare() must resolve first)`);
    }
    const { values, times } = batch;
    const keys = this.#inputKeys;
    const build = this.#build;
    const condition = this.#condition;
    const left = this.#left;
    const outValues: Row[] = [];
    const outTimes: number[] = [];
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined && kind !== 'insert') {
        throw new PlanError(`lookup-join '${this.ctx.id}': the stream must be insert-only (got a row of kind ${String(kind)})`);
      }
      const matches = index.lookup(keys, row);
      let joined = false;
      if (matches !== undefined) {
        for (let m = 0; m < matches.length; m++) {
          const out = build(row, matches[m]);
          if (condition !== undefined && !condition(out)) continue;
          outValues.push(out);
          outTimes.push(times[i]);
          joined = true;
        }
      }
      if (!joined && left) {
        outValues.push(build(row, NO_TABLE_ROW));
        outTimes.push(times[i]);
      }
    }
    if (outValues.length > 0) this.ctx.emit({ values: outValues, times: outTimes });
  }
}

/** Checks what the planner built, so a mistake shows at build time with the node's name. */
function checkConfig(config: LookupJoinConfig, label: string): void {
  if (config.joinType !== 'inner' && config.joinType !== 'left') {
    throw new PlanError(`${label}: join type must be 'inner' or 'left', got '${String(config.joinType)}'`);
  }
  if (config.reloadIntervalMs !== undefined && !(config.reloadIntervalMs > 0)) {
    throw new PlanError(`${label}: reloadIntervalMs must be a positive number of milliseconds, got ${String(config.reloadIntervalMs)}`);
  }
  if (config.inputKeys.length === 0 || config.inputKeys.length !== config.tableKeys.length) {
    throw new PlanError(`${label}: needs one or more key pairs, got ${config.inputKeys.length} stream keys and ${config.tableKeys.length} table keys`);
  }
  const outNames = config.outputType.fields.map((f) => f.name);
  const names = config.outputFields.map((f) => f.name);
  if (names.length !== outNames.length || names.some((n, i) => n !== outNames[i])) {
    throw new PlanError(`${label}: output fields [${names.join(', ')}] do not match the output type's columns [${outNames.join(', ')}]`);
  }
  for (const f of config.outputFields) {
    const type: RowType = f.side === 'input' ? config.inputType : config.tableType;
    if (!type.fields.some((t) => t.name === f.field)) {
      throw new PlanError(`${label}: output column '${f.name}' reads '${f.field}', which the ${f.side === 'input' ? 'stream' : 'table'} row does not have`);
    }
  }
}


function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
