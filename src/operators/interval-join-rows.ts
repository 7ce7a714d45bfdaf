import type { Row } from '../core/row.ts';

/**
 * The rows one side of an interval join holds for one key, as parallel arrays sorted by event time
 * (rows with equal times in arrival order). Sorted, a probe finds the other side's time range by
 * binary search instead of scanning every row of the key, and the rows the watermark expires are
 * always a prefix. Plain arrays, so the value is structured-cloneable state.
 *
 * @example
 * const rows = emptySideRows(false);
 * insertRow(rows, 2_000, { id: 'b' });
 * insertRow(rows, 1_000, { id: 'a' });
 * rows.times // [1000, 2000]
 * firstAtOrAfter(rows.times, 1_500) // 1
 */
export interface SideRows {
  readonly times: number[];
  readonly rows: Row[];
  /** The outer join's preserved side only: whether each row has found a partner yet. */
  readonly matched?: boolean[];
}

/**
 * No rows yet; `outer` when the side is the preserved side of an outer join (its rows track matches).
 *
 * @example
 * emptySideRows(true) // { times: [], rows: [], matched: [] }
 */
export function emptySideRows(outer: boolean): SideRows {
  return outer ? { times: [], rows: [], matched: [] } : { times: [], rows: [] };
}

/**
 * Index of the first time `>= time` (the length when there is none).
 *
 * @example
 * firstAtOrAfter([1, 3, 3, 5], 3) // 1
 */
export function firstAtOrAfter(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many leading rows have expired by `watermark`, a row expiring at its time + `offset`
 * (`offset` is added to each time rather than subtracted from the watermark, so the comparison is the
 * same arithmetic as the timer time the operator registered).
 *
 * @example
 * expiredCount([1_000, 2_000, 3_000], 500, 2_500) // 2
 */
export function expiredCount(times: readonly number[], offset: number, watermark: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] + offset <= watermark) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Adds a row in time order, after any rows of the same time, and returns its index: 0 means it is
 * now the earliest row held (the caller's expiry timer must move up to it). Rows mostly arrive in
 * time order, so the common case is a push.
 *
 * @example
 * insertRow(rows, 1_000, row) // 0 into an empty side; a second row at 1000 goes to index 1
 */
export function insertRow(side: SideRows, time: number, row: Row, matched = false): number {
  const { times, rows } = side;
  const n = times.length;
  if (n === 0 || times[n - 1] <= time) {
    times.push(time);
    rows.push(row);
    side.matched?.push(matched);
    return n;
  }
  // After the rows of the same time, so equal times keep their arrival order.
  let at = firstAtOrAfter(times, time);
  while (at < n && times[at] === time) at++;
  times.splice(at, 0, time);
  rows.splice(at, 0, row);
  side.matched?.splice(at, 0, matched);
  return at;
}

/**
 * Drops the first `count` rows.
 *
 * @example
 * dropFirst(rows, expiredCount(rows.times, upperMs, watermark));
 */
export function dropFirst(side: SideRows, count: number): void {
  if (count <= 0) return;
  side.times.splice(0, count);
  side.rows.splice(0, count);
  side.matched?.splice(0, count);
}
