import type { Row } from '../../core/row.ts';
import { ROW_KIND, rowKindOf } from '../../formats/row-kind.ts';
import { withoutKind } from '../sql-collect.ts';
import type { OutputMode } from '../../api/dataframe/writer-specs.ts';

/**
 * Turns the changelog a micro-batch produced into the rows an output mode writes:
 * - append: the inserted rows, as they came;
 * - update: the latest version of every result row that changed in the batch (by its key: the
 *   grouping columns), retractions dropped — Spark's update mode;
 * - complete: the whole result table after the batch (kept here, and in each checkpoint).
 *
 * @example
 * const out = new MicroBatchOutput('update', ['symbol']);
 * out.add([{ symbol: 'A', n: 1 }, { symbol: 'A', n: 1, $kind: 'update-before' }, { symbol: 'A', n: 2, $kind: 'update-after' }]);
 * out.finishBatch() // [{ symbol: 'A', n: 2 }]
 */
export class MicroBatchOutput {
  readonly #mode: OutputMode;
  readonly #keys: readonly string[] | undefined;
  #appended: Row[] = [];
  #updated = new Map<string, Row>();
  /** Complete mode's result table, by key. */
  #table = new Map<string, Row>();
  #changes = 0;

  constructor(mode: OutputMode, keys: readonly string[] | undefined) {
    this.#mode = mode;
    // No keys: not an aggregation. Empty keys: a global aggregation, one result row.
    this.#keys = keys;
  }

  /** Rows (and retractions) the query emitted. */
  add(rows: readonly Row[]): void {
    this.#changes += rows.length;
    for (const row of rows) {
      const kind = rowKindOf(row);
      const retract = kind === 'update-before' || kind === 'delete';
      if (this.#mode === 'append' || (this.#mode === 'update' && this.#keys === undefined)) {
        if (!retract) this.#appended.push(withoutKind(row));
        continue;
      }
      const key = this.#keyOf(row);
      if (this.#mode === 'update') {
        if (!retract) {
          // Re-inserting moves the key to the end: rows come out in the order of their last change.
          this.#updated.delete(key);
          this.#updated.set(key, withoutKind(row));
        } else if (kind === 'delete') {
          this.#updated.delete(key);
        }
      } else if (retract) {
        this.#table.delete(key);
      } else {
        this.#table.set(key, withoutKind(row));
      }
    }
  }

  /** True when rows arrived since the last batch ended. */
  get changed(): boolean {
    return this.#changes > 0;
  }

  /** The batch's output rows; starts the next batch. */
  finishBatch(): Row[] {
    this.#changes = 0;
    if (this.#mode === 'complete') return [...this.#table.values()];
    if (this.#mode === 'update' && this.#keys !== undefined) {
      const rows = [...this.#updated.values()];
      this.#updated = new Map();
      return rows;
    }
    const rows = this.#appended;
    this.#appended = [];
    return rows;
  }

  /** What a checkpoint keeps: complete mode's table. */
  snapshot(): Row[] | undefined {
    return this.#mode === 'complete' ? [...this.#table.values()] : undefined;
  }

  restore(rows: readonly Row[] | undefined): void {
    this.#table = new Map();
    if (this.#mode !== 'complete' || rows === undefined) return;
    for (const row of rows) this.#table.set(this.#keyOf(row), row);
  }

  #keyOf(row: Row): string {
    const keys = this.#keys ?? Object.keys(row).filter((k) => k !== ROW_KIND);
    return JSON.stringify(keys.map((k) => row[k] ?? null));
  }
}

