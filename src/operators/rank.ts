import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND, type RowKind } from '../formats/row-kind.ts';
import type { RankNodeFields } from '../plan/relational-nodes.ts';
import type { ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { BaseOperator, type OperatorContext } from './operator.ts';
import { PendingOutput } from './pending-output.ts';
import { rowIdentity } from './row-identity.ts';
import { compileSortKeys, insertionIndex, type RowComparator } from './sort-keys.ts';
import { compileGroupKey } from './sql-aggregates/group-key.ts';

/** What {@link RankOperator} needs of a rank node. */
export type RankConfig = Omit<RankNodeFields, 'kind'>;

/** Per partition key: its best rows in rank order (at most `limit`), with their times. Plain data for any backend. */
interface Ranking {
  rows: Row[];
  times: number[];
}

/** Name of the value state holding each partition's {@link Ranking}. */
const RANKING = 'rank';

/** Metric: retractions of a changelog input whose row was not in its key's ranking (expired, or never seen). */
export const RETRACTIONS_NOT_FOUND = 'retractionsNotFound';

/** Metric: input rows that ranked below N when they arrived (never part of the output). */
export const ROWS_BELOW_TOP_N = 'rowsBelowTopN';

/**
 * Top-N over an append-only input (Flink's AppendOnlyTopNFunction), and deduplication keeping the
 * first or last row by a time attribute (Flink's Deduplicate): per partition key the best `limit`
 * rows by `orderBy`, kept in keyed state, so the state of a key is bounded by N. Every input row is
 * placed by binary search; a row that ranks below N is dropped at once. The output is the minimal
 * changelog of the Top-N:
 *
 * - with `rankColumn`: a row entering at rank r moves the rows below it down, so every rank from r to
 *   the last filled one changed: `-U` (old row, rank) and `+U` (new row, rank), or `+I` for a rank
 *   filled the first time; ranks above r emit nothing;
 * - without it: `-D` for the row pushed out below N (if any), then `+I` for the new row; rows that
 *   only moved emit nothing;
 * - `deduplicate` (N = 1, no rank column): a replaced row is `-U`, its replacement `+U`; 'last' lets a
 *   row replace one with the same time (the last row wins), 'first' keeps the first.
 *
 * With `rankStart` (`rn BETWEEN s AND N`) ranks before s are held but never emitted: a row entering
 * there pushes the row at rank s - 1 into the emitted ranks.
 *
 * Ties keep the earlier row ahead. Output rows keep the time of their input row.
 *
 * Over a changelog (`updatingInput`, Flink's RetractableTopNFunction) `+I`/`+U` rows are placed and
 * `-U`/`-D` rows take the equal row out, so every row of a key is held — the state is not bounded by N:
 * when a ranked row leaves, the first row below the Top-N moves into it. Otherwise the input must be
 * insert-only: a `-U`/`+U`/`-D` row is an error.
 *
 * @example
 * // SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bids) WHERE rn <= 3
 * const op = new RankOperator({
 *   inputType: bids, partitionKeys: [field(bids, 'auction')],
 *   orderBy: [{ expr: field(bids, 'price'), descending: true, nullsFirst: true }],
 *   limit: 3, rankColumn: 'rn', outputType,
 * }, "rank 'r'");
 */
export class RankOperator extends BaseOperator<Row, Row> {
  readonly #keyOf: (row: Row) => unknown;
  readonly #compare: RowComparator;
  readonly #limit: number;
  /** The first rank emitted, 0-based. */
  readonly #first: number;
  readonly #rankColumn: string | undefined;
  readonly #deduplicate: 'first' | 'last' | undefined;
  readonly #stateTtlMs: number | undefined;
  /** Over a changelog: every row of a key is held (a retraction may need the next one), not just N. */
  readonly #retract: boolean;
  readonly #identity: (row: Row) => string;
  readonly #out = new PendingOutput<Row>();
  readonly #emit = (batch: Batch<Row>): void => this.ctx.emit(batch);
  #rankings!: ValueState<Ranking>;

  constructor(config: RankConfig, label = 'rank', options?: CompileOptions) {
    super();
    if (!Number.isInteger(config.limit) || config.limit < 1) throw new PlanError(`${label}: the number of rows kept must be a positive integer, got ${config.limit}`);
    if (config.orderBy.length === 0) throw new PlanError(`${label}: ROW_NUMBER() needs an ORDER BY`);
    const start = config.rankStart ?? 1;
    if (!Number.isInteger(start) || start < 1 || start > config.limit) throw new PlanError(`${label}: the first rank emitted must be an integer from 1 to ${config.limit}, got ${start}`);
    if (config.deduplicate !== undefined && (config.limit !== 1 || config.rankColumn !== undefined)) {
      throw new PlanError(`${label}: deduplication keeps one row per key and outputs no row number`);
    }
    this.#keyOf = compileGroupKey(config.partitionKeys.map((expr, i) => ({ name: `k${i}`, expr })), config.inputType, options) ?? (() => undefined);
    this.#compare = compileSortKeys(config.orderBy, config.inputType, options);
    this.#limit = config.limit;
    this.#first = start - 1;
    this.#rankColumn = config.rankColumn;
    this.#deduplicate = config.deduplicate;
    this.#stateTtlMs = config.stateTtlMs;
    this.#retract = config.updatingInput === true;
    if (this.#retract && config.deduplicate !== undefined) throw new PlanError(`${label}: deduplication needs an insert-only input`);
    const names = config.inputType.fields.map((f) => f.name);
    this.#identity = (row) => rowIdentity(row, names);
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    this.#rankings = ctx.state.valueState<Ranking>(RANKING, this.#stateTtlMs === undefined ? undefined : { ttl: this.#stateTtlMs });
  }

  processBatch(batch: Batch<Row>): void {
    const { values, times } = batch;
    let below = 0;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = row[ROW_KIND];
      const retraction = kind === 'update-before' || kind === 'delete';
      if (kind !== undefined && kind !== 'insert' && !this.#retract) {
        throw new PlanError(`rank '${this.ctx.id}': this Top-N was planned for an insert-only input (got a row of kind ${String(kind)})`);
      }
      this.ctx.state.setCurrentKey(this.#keyOf(row));
      const plain = kind === undefined ? row : withoutKind(row);
      if (retraction) this.#remove(plain);
      else if (!this.#place(plain, times[i])) below++;
    }
    if (below > 0) this.ctx.metrics.add(ROWS_BELOW_TOP_N, below);
    this.#out.flush(this.#emit);
  }

  /** Puts the row into its key's ranking and emits what changed; false when it ranks below N. */
  #place(row: Row, time: number): boolean {
    const ranking = this.#rankings.value() ?? { rows: [], times: [] };
    const { rows, times } = ranking;
    const limit = this.#limit;
    const newerWins = this.#deduplicate === 'last';
    // Most rows of a long-running Top-N rank below N: one comparison with the last row tells.
    if (!this.#retract && rows.length === limit) {
      const order = this.#compare(rows[rows.length - 1], row);
      if (order < 0 || (order === 0 && !newerWins)) return false;
    }
    const at = insertionIndex(rows, row, this.#compare, newerWins);
    if (at >= limit && !this.#retract) return false;
    const before = Math.min(rows.length, limit);
    rows.splice(at, 0, row);
    times.splice(at, 0, time);
    // The row pushed out of the Top-N: dropped, or (over a changelog) held below it.
    let pushed: Row | undefined;
    let pushedTime = 0;
    if (rows.length > limit) {
      pushed = rows[limit];
      pushedTime = times[limit];
      if (!this.#retract) {
        rows.pop();
        times.pop();
      }
    }
    this.#rankings.update(ranking);
    if (at >= limit) return false;
    const top = Math.min(rows.length, limit);
    const out = this.#out;
    const rankColumn = this.#rankColumn;
    if (rankColumn !== undefined) {
      // Ranks at..end changed: the row now there replaces the one that was (the next row up, or the pushed one).
      for (let r = Math.max(at, this.#first); r < top; r++) {
        const previous = r >= before ? undefined : r + 1 < top ? rows[r + 1] : pushed;
        if (previous !== undefined) {
          out.push(ranked(previous, rankColumn, r + 1, 'update-before'), r + 1 < top ? times[r + 1] : pushedTime);
          out.push(ranked(rows[r], rankColumn, r + 1, 'update-after'), times[r]);
        } else {
          out.push(ranked(rows[r], rankColumn, r + 1, 'insert'), times[r]);
        }
      }
    } else if (this.#deduplicate !== undefined) {
      if (pushed !== undefined) {
        out.push(kinded(pushed, 'update-before'), pushedTime);
        out.push(kinded(row, 'update-after'), time);
      } else {
        out.push(row, time);
      }
    } else {
      // The pushed row was at the last rank, so it was emitted; the row entering the emitted ranks
      // is the new one, or, when that went in before them, the one it pushed into the first of them.
      if (pushed !== undefined) out.push(kinded(pushed, 'delete'), pushedTime);
      const first = this.#first;
      if (at >= first) out.push(row, time);
      else if (first < top) out.push(rows[first], times[first]);
    }
    return true;
  }

  /**
   * A retraction (`-U`/`-D` of a changelog input): the equal row leaves its key's ranking; when it was
   * in the Top-N the rows below it move up one rank and the first row below the Top-N enters it.
   */
  #remove(row: Row): void {
    const ranking = this.#rankings.value();
    const at = ranking === undefined ? -1 : indexOfEqual(ranking.rows, row, this.#compare, this.#identity);
    if (at < 0) {
      this.ctx.metrics.add(RETRACTIONS_NOT_FOUND, 1);
      return;
    }
    const { rows, times } = ranking!;
    const limit = this.#limit;
    const before = Math.min(rows.length, limit);
    const removed = rows[at];
    const removedTime = times[at];
    rows.splice(at, 1);
    times.splice(at, 1);
    if (rows.length === 0) this.#rankings.clear();
    else this.#rankings.update(ranking!);
    if (at >= limit) return;
    const top = Math.min(rows.length, limit);
    const out = this.#out;
    const rankColumn = this.#rankColumn;
    const first = this.#first;
    if (rankColumn !== undefined) {
      // Ranks at..end changed: each now holds the row from one rank further down (or none: -D).
      for (let r = Math.max(at, first); r < before; r++) {
        const old = r === at ? removed : rows[r - 1];
        const oldTime = r === at ? removedTime : times[r - 1];
        if (r < top) {
          out.push(ranked(old, rankColumn, r + 1, 'update-before'), oldTime);
          out.push(ranked(rows[r], rankColumn, r + 1, 'update-after'), times[r]);
        } else {
          out.push(ranked(old, rankColumn, r + 1, 'delete'), oldTime);
        }
      }
      return;
    }
    // The row leaving the emitted ranks: the removed one, or (removed before them) the one that moved
    // up out of them; the row entering them: the one that moved up into the last rank.
    if (at >= first) out.push(kinded(removed, 'delete'), removedTime);
    else if (first < before) out.push(kinded(rows[first - 1], 'delete'), times[first - 1]);
    if (top === limit && rows.length >= limit) out.push(rows[limit - 1], times[limit - 1]);
  }
}

/** The index of a row equal to `row` (by identity) among the rows it ties with in the sorted list; -1 when none. */
function indexOfEqual(sorted: readonly Row[], row: Row, compare: RowComparator, identity: (row: Row) => string): number {
  const id = identity(row);
  for (let i = insertionIndex(sorted, row, compare, true); i < sorted.length && compare(sorted[i], row) === 0; i++) {
    if (identity(sorted[i]) === id) return i;
  }
  return -1;
}

function ranked(row: Row, column: string, rank: number, kind: RowKind): Row {
  const out: Row = { ...row, [column]: rank };
  if (kind !== 'insert') out[ROW_KIND] = kind;
  return out;
}

function kinded(row: Row, kind: RowKind): Row {
  return { ...row, [ROW_KIND]: kind };
}

function withoutKind(row: Row): Row {
  const { [ROW_KIND]: _, ...rest } = row;
  return rest;
}
