/**
 * How many active tasks each member may hold: a share of the tasks proportional to its capacity
 * (its thread count), never more than one task away from that share. With equal capacities the
 * counts differ by at most one.
 */

/** A member's bounds: it holds at least `floor` tasks, and `floor + 1` when it takes one of the spare tasks. */
export interface TaskQuota {
  readonly floor: number;
  /** floor + 1 when its exact share is fractional (it may take a spare task), else floor. */
  readonly ceil: number;
}

/**
 * Each member's quota among `taskCount` tasks, and how many members take their `ceil` (the spare tasks).
 *
 * @example
 * taskQuotas(5, [1, 1]); // { quotas: [{ floor: 2, ceil: 3 }, { floor: 2, ceil: 3 }], spare: 1 }
 */
export function taskQuotas(taskCount: number, capacities: readonly number[]): { quotas: TaskQuota[]; spare: number } {
  const total = capacities.reduce((sum, c) => sum + c, 0);
  if (total === 0) return { quotas: [], spare: 0 };
  const quotas = capacities.map((capacity) => {
    // Integer arithmetic: floor(taskCount·capacity/total) and whether a fraction remains.
    const share = taskCount * capacity;
    const floor = Math.floor(share / total);
    return { floor, ceil: share % total === 0 ? floor : floor + 1 };
  });
  const spare = taskCount - quotas.reduce((sum, q) => sum + q.floor, 0);
  return { quotas, spare };
}
