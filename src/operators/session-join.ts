import type { Batch } from '../core/batch.ts';
import type { AggregateFunction } from '../plan/functions.ts';
import type { WindowResult } from '../plan/windows.ts';
import type { OperatorContext } from './operator.ts';

/**
 * The pieces that let {@link WindowJoinOperator} run a session-window join on the session aggregate
 * operator: both inputs become one stream of tagged rows, a session's accumulator holds each side's
 * rows, and a context wrapper turns the session results into joined pairs.
 */

/** A row of either join input, with its side (0 = left, 1 = right) and join key. */
export interface Tagged {
  readonly side: 0 | 1;
  readonly key: unknown;
  readonly value: unknown;
}

/**
 * Rows of one session: `[emittedLeft, emittedRight, newLeft, newRight, pendingPairs]`. "Emitted" rows
 * have already been paired with each other; a later firing (a late row within the allowed lateness)
 * pairs only what involves a new row, so no pair is emitted twice. When two sessions that both fired
 * merge, the pairs across their emitted rows were never emitted: `merge` files them as pending.
 */
export type JoinRows = [unknown[], unknown[], unknown[], unknown[], [unknown, unknown][]];

/**
 * The session accumulator of a join. `getResult` returns the pairs not emitted yet and marks them
 * emitted — a deliberate side effect: the session operator writes the accumulator back to state after
 * each firing, so the mark is kept (and checkpointed) with it.
 *
 * @example
 * sessionJoinAggregate.getResult([[], [], ['l1'], ['r1', 'r2'], []]) // [['l1', 'r1'], ['l1', 'r2']]
 */
export const sessionJoinAggregate: AggregateFunction<Tagged, JoinRows, [unknown, unknown][]> = {
  createAccumulator: () => [[], [], [], [], []],
  add: (rows, tagged) => {
    (rows[2 + tagged.side] as unknown[]).push(tagged.value);
    return rows;
  },
  merge: (a, b) => {
    const pending = a[4];
    for (const l of a[0]) for (const r of b[1]) pending.push([l, r]);
    for (const l of b[0]) for (const r of a[1]) pending.push([l, r]);
    for (const pair of b[4]) pending.push(pair);
    for (let i = 0; i < 4; i++) for (const row of b[i]) (a[i] as unknown[]).push(row);
    return a;
  },
  getResult: (rows) => {
    const [oldLeft, oldRight, newLeft, newRight, pending] = rows;
    const pairs = pending.slice();
    // new left × all right, then old left × new right: every pair not emitted before, once.
    for (const l of newLeft) {
      for (const r of oldRight) pairs.push([l, r]);
      for (const r of newRight) pairs.push([l, r]);
    }
    for (const l of oldLeft) for (const r of newRight) pairs.push([l, r]);
    for (const l of newLeft) oldLeft.push(l);
    for (const r of newRight) oldRight.push(r);
    newLeft.length = 0;
    newRight.length = 0;
    pending.length = 0;
    return pairs;
  },
};

/**
 * The context the inner session operator runs in: its results (one per session firing, holding the
 * new pairs) are joined into output rows, and its late rows are unwrapped before the side output.
 * State, timers, metrics and clocks are the join operator's own.
 *
 * @example
 * inner.open(sessionJoinContext(ctx, (bid: Bid, auction: Auction) => ({ ...bid, seller: auction.seller })));
 */
export function sessionJoinContext<L, R, Out>(
  ctx: OperatorContext<Out>,
  join: (left: L, right: R, key: unknown, end: number) => Out,
): OperatorContext<unknown> {
  return {
    id: ctx.id,
    state: ctx.state,
    timers: ctx.timers,
    metrics: ctx.metrics,
    currentWatermark: () => ctx.currentWatermark(),
    currentProcessingTime: () => ctx.currentProcessingTime(),
    emit: (batch: Batch<unknown>) => {
      const values: Out[] = [];
      const times: number[] = [];
      for (let i = 0; i < batch.values.length; i++) {
        const result = batch.values[i] as WindowResult<unknown, [L, R][]>;
        for (const [l, r] of result.value) {
          values.push(join(l, r, result.key, result.end));
          times.push(batch.times[i]);
        }
      }
      if (values.length > 0) ctx.emit({ values, times });
    },
    emitSide: (tag: string, batch: Batch<unknown>) => {
      ctx.emitSide(tag, { values: batch.values.map((tagged) => (tagged as Tagged).value), times: batch.times });
    },
  };
}
