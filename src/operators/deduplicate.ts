import type { Batch } from '../core/batch.ts';
import { PlanError, SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND } from '../formats/row-kind.ts';
import type { DeduplicateNodeFields } from '../plan/relational-nodes.ts';
import type { ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { LATE_RECORDS_DROPPED } from './late-records.ts';
import { EventTimerOperator } from './event-timer-operator.ts';
import type { OperatorContext } from './operator.ts';
import { compileGroupKey } from './sql-aggregates/group-key.ts';

/** What {@link DeduplicateOperator} needs of a deduplicate node. */
export type DeduplicateConfig = Omit<DeduplicateNodeFields, 'kind'>;

/** Metric: rows dropped because an earlier row had the same key. */
export const DUPLICATES_DROPPED = 'duplicatesDropped';

/** Name of the value state holding, per key seen, when its state expires (Infinity: never). */
const SEEN = 'deduplicate';

/** Marks "no key selected by this operator", so the first record always sets the backend's key. */
const NO_KEY: unique symbol = Symbol('no key');

/** Column types an expiry can be measured from: epoch milliseconds (or plain numbers of them). */
const TIME_KINDS = new Set(['TIMESTAMP', 'TIMESTAMP_LTZ', 'BIGINT', 'INT', 'SMALLINT', 'TINYINT']);

/**
 * Keep-first-row deduplication (Spark's dropDuplicates / dropDuplicatesWithinWatermark on a stream,
 * Flink's Deduplicate keeping the first row): the first row of each key passes unchanged, with its
 * timestamp; later rows of the key are dropped and counted in `duplicatesDropped`. Keys compare as
 * grouping keys do (NULLs equal).
 *
 * The seen keys are keyed state in the backend, so they are checkpointed and restored. With `expiry`,
 * a key's state is kept until the watermark reaches its first row's `column` value + `afterMs`: an
 * event-time timer then clears it, and a later row of the key counts as new. A row whose own expiry
 * is already at or behind the watermark is late — dropped and counted in `lateRecordsDropped`, as the
 * window operators count theirs. A row whose `column` is NULL never expires and is never late.
 * With `stateTtlMs` ('table.exec.state.ttl') a key's state also expires that long (processing time)
 * after its first row, and the key's next row passes as a first row again.
 * Insert-only: a `-U`/`+U`/`-D` input row is an error.
 *
 * @example
 * const op = new DeduplicateOperator({
 *   inputType: events,
 *   keys: [field(events, 'event_id')],
 *   expiry: { column: 'ts', afterMs: 10_000 }, // dropDuplicatesWithinWatermark with a 10 s delay
 *   outputType: events,
 * });
 */
export class DeduplicateOperator extends EventTimerOperator<Row, Row> {
  readonly #keyOf: (row: Row) => unknown;
  readonly #column: string | undefined;
  readonly #afterMs: number;
  readonly #stateTtlMs: number | undefined;
  #seen!: ValueState<number>;

  constructor(config: DeduplicateConfig, label = 'deduplicate', options?: CompileOptions) {
    super();
    if (config.keys.length === 0) {
      throw new PlanError(`${label}: needs at least one key (all columns for dropDuplicates() without arguments)`);
    }
    this.#keyOf = compileGroupKey(config.keys.map((expr, i) => ({ name: `k${i}`, expr })), config.inputType, options)!;
    const expiry = config.expiry;
    if (expiry !== undefined) {
      const column = config.inputType.fields.find((f) => f.name === expiry.column);
      if (column === undefined) throw new PlanError(`${label}: expiry column '${expiry.column}' is not a column of the input`);
      if (!TIME_KINDS.has(column.type.kind)) {
        throw new PlanError(`${label}: expiry column '${expiry.column}' must be a TIMESTAMP (event time), got ${column.type.kind}`);
      }
      if (!(expiry.afterMs >= 0) || !Number.isFinite(expiry.afterMs)) {
        throw new PlanError(`${label}: expiry delay must be a non-negative number of milliseconds, got ${expiry.afterMs}`);
      }
    }
    this.#column = expiry?.column;
    this.#afterMs = expiry?.afterMs ?? 0;
    this.#stateTtlMs = config.stateTtlMs;
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#seen = ctx.state.valueState<number>(SEEN, this.#stateTtlMs === undefined ? undefined : { ttl: this.#stateTtlMs });
  }

  processBatch(batch: Batch<Row>): void {
    const { values, times } = batch;
    const state = this.ctx.state;
    const seen = this.#seen;
    const column = this.#column;
    const afterMs = this.#afterMs;
    const watermark = this.watermark;
    // Copies are made only once a row is dropped: a batch without duplicates is passed on as it is.
    let outValues: Row[] | undefined;
    let outTimes: number[] | undefined;
    let duplicates = 0;
    let late = 0;
    // The key cache lives for one batch: between calls timers move the backend's key.
    let currentKey: unknown = NO_KEY;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      if (kind !== undefined && kind !== 'insert') {
        throw new PlanError(`deduplicate '${this.ctx.id}': the input must be insert-only (got a row of kind ${String(kind)})`);
      }
      let expiresAt = Number.POSITIVE_INFINITY;
      let keep = true;
      if (column !== undefined) {
        const time = row[column];
        if (typeof time === 'number') {
          expiresAt = time + afterMs;
          if (expiresAt <= watermark) {
            late++;
            keep = false;
          }
        } else if (time !== null && time !== undefined) {
          throw new SluiceError(`deduplicate '${this.ctx.id}': expiry column '${column}' holds a ${typeof time}, not epoch milliseconds`);
        }
      }
      if (keep) {
        const key = this.#keyOf(row);
        if (key !== currentKey) {
          state.setCurrentKey(key);
          currentKey = key;
        }
        if (seen.value() !== undefined) {
          duplicates++;
          keep = false;
        } else {
          seen.update(expiresAt);
          if (expiresAt !== Number.POSITIVE_INFINITY) this.ctx.timers.registerEventTimeTimer(key, expiresAt);
        }
      }
      if (keep) {
        if (outValues !== undefined) {
          outValues.push(row);
          outTimes!.push(times[i]);
        }
      } else if (outValues === undefined) {
        outValues = values.slice(0, i);
        outTimes = times.slice(0, i);
      }
    }
    if (duplicates > 0) this.ctx.metrics.add(DUPLICATES_DROPPED, duplicates);
    if (late > 0) this.ctx.metrics.add(LATE_RECORDS_DROPPED, late);
    if (outValues === undefined) {
      if (values.length > 0) this.ctx.emit(batch);
    } else if (outValues.length > 0) {
      this.ctx.emit({ values: outValues, times: outTimes! });
    }
  }

  /**
   * `key` expired: the watermark reached its first row's expiry (rows expiring at or before the
   * watermark are late). Only the state this timer was set for is cleared: with a state TTL the key
   * may have expired and started again since. Without an expiry column no timer is ever set.
   */
  protected fireTimer(key: unknown, time: number): void {
    this.ctx.state.setCurrentKey(key);
    if (this.#seen.value() === time) this.#seen.clear();
  }
}
