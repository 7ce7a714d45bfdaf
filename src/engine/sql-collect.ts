import type { Row } from '../core/row.ts';
import { PlanError } from '../core/errors.ts';
import type { Sink } from '../connectors/spi.ts';
import { ROW_KIND, rowKindOf } from '../formats/row-kind.ts';
import type { OrderKey, SelectPlan } from '../api/sql/planner/index.ts';
import type { JobHandle } from './run.ts';

/** How long and how much to read from a query. */
export interface CollectOptions {
  /** Stop after this many rows (a LIMIT in the query applies too). */
  readonly limit?: number;
  /** Stop after this many milliseconds (for unbounded inputs). */
  readonly timeoutMs?: number;
}

/**
 * A sink that hands every written batch to `onRows` at once — not at checkpoint commit — so results
 * show up as soon as they are computed (Flink's collect / print). At-least-once: after a restore the
 * rows since the last checkpoint come again.
 *
 * @example
 * const sink = collectingSink((rows) => console.log(rows));
 */
export function collectingSink(onRows: (rows: Row[]) => void, name = 'collect'): Sink<Row> {
  return {
    name,
    open() {},
    write(values: Row[]) {
      if (values.length > 0) onRows(values);
    },
    prepareCommit: () => null,
    commit() {},
    abort() {},
    close() {},
  };
}

/**
 * Runs a planned SELECT into a {@link collectingSink}, passing rows to `onRows` (after the query's
 * OFFSET) and stopping the job once `limit` rows (the smaller of the query's LIMIT and the option)
 * went out or `timeoutMs` passed. An unbounded query without either never ends by itself.
 *
 * @example
 * await runSelect(select, (plan) => start(plan, { resolver }), (rows) => out.push(...rows), { limit: 10 });
 */
export async function runSelect(
  select: SelectPlan, start: (plan: ReturnType<SelectPlan['toPlan']>) => JobHandle, onRows: (rows: Row[]) => void,
  options: CollectOptions & { readonly name?: string; readonly onStart?: (job: JobHandle) => void } = {},
): Promise<void> {
  // With ORDER BY every row is needed before any can be shown: LIMIT and OFFSET apply after sorting.
  const sorted = select.orderBy.length > 0;
  const limit = minDefined(options.limit, sorted ? undefined : select.limit);
  let skip = sorted ? 0 : select.offset ?? 0;
  let remaining = limit ?? Number.POSITIVE_INFINITY;
  if (remaining === 0) return;
  let job: JobHandle | undefined;
  let stopping = false;
  const stop = () => {
    if (!stopping && job !== undefined) {
      stopping = true;
      void job.stop();
    }
  };
  const sink = collectingSink((rows) => {
    if (stopping) return;
    let batch = rows;
    if (skip > 0) {
      batch = batch.slice(Math.min(skip, batch.length));
      skip -= rows.length - batch.length;
    }
    if (batch.length > remaining) batch = batch.slice(0, remaining);
    remaining -= batch.length;
    if (batch.length > 0) onRows(batch);
    if (remaining === 0) stop();
  });
  job = start(select.toPlan(sink, options.name ?? 'select'));
  options.onStart?.(job);
  const timer = options.timeoutMs === undefined ? undefined : setTimeout(stop, options.timeoutMs);
  try {
    await job.done;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/**
 * The final rows a changelog describes, without row kinds (what a batch query, or PyFlink's to_pandas
 * of an updating query, shows). With an upsert key (the GROUP BY keys, kept in the output) a row
 * replaces the row of its key and -U is not needed; without one, +I and +U add a row and -U and -D
 * remove an equal row.
 *
 * @example
 * materialize([{ n: 1 }, { n: 1, $kind: 'update-before' }, { n: 2, $kind: 'update-after' }], ['n']) // [{ n: 2 }]
 */
export function materialize(changelog: readonly Row[], columns: readonly string[], upsertKey?: readonly string[]): Row[] {
  const live: (Row | undefined)[] = [];
  const positions = new Map<string, number[]>();
  const keyColumns = upsertKey ?? columns;
  for (const row of changelog) {
    const kind = rowKindOf(row);
    if (upsertKey !== undefined && kind === 'update-before') continue;
    const plain: Row = {};
    for (const c of columns) plain[c] = row[c];
    const key = JSON.stringify(keyColumns.map((c) => row[c]));
    const list = positions.get(key) ?? [];
    if (upsertKey !== undefined && list.length > 0) live[list.pop()!] = undefined;
    if (kind === 'insert' || kind === 'update-after') {
      list.push(live.length);
      positions.set(key, list);
      live.push(plain);
    } else if (upsertKey === undefined) {
      const at = list.pop();
      if (at === undefined) throw new PlanError(`changelog retracts a row that was never added: ${key}`);
      live[at] = undefined;
    }
  }
  return live.filter((r): r is Row => r !== undefined);
}

/**
 * Rows sorted by ORDER BY keys (SQL order: NULLs per `nullsFirst`; numbers, strings and booleans
 * compared by value).
 *
 * @example
 * sortRows(rows, [{ column: 'total', descending: true, nullsFirst: true }])
 */
export function sortRows(rows: readonly Row[], keys: readonly OrderKey[]): Row[] {
  return [...rows].sort((a, b) => {
    for (const key of keys) {
      const x = a[key.column];
      const y = b[key.column];
      if (x === y) continue;
      if (x === null || x === undefined) return key.nullsFirst ? -1 : 1;
      if (y === null || y === undefined) return key.nullsFirst ? 1 : -1;
      const order = (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
      if (order !== 0) return key.descending ? -order : order;
    }
    return 0;
  });
}

/**
 * The row without its row-kind marker.
 *
 * @example
 * withoutKind({ a: 1, $kind: 'update-after' }) // { a: 1 }
 */
export function withoutKind(row: Row): Row {
  if (!(ROW_KIND in row)) return row;
  const { [ROW_KIND]: _, ...rest } = row;
  return rest;
}
