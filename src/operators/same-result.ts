import { valuesEqual } from './expr/runtime-values.ts';

/**
 * Whether two results of an aggregate are equal as SQL values (NaN equals NaN here), so an
 * early-firing window (or a group aggregate) whose records left its result as it was emits no update.
 * Arrays (SQL's result values) compare element by element.
 *
 * @example
 * sameResult([3, 'a'], [3, 'a']) // true
 * sameResult([NaN], [NaN]) // true
 */
export function sameResult(a: unknown, b: unknown): boolean {
  if (a === b || (a !== a && b !== b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b)) return valuesEqual(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y || (x !== x && y !== y)) continue;
    if (x === null || y === null || typeof x !== 'object' || !valuesEqual(x, y)) return false;
  }
  return true;
}
