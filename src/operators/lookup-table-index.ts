import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';

/** A node of the index: the next key level, or at the last level the rows with that key. */
type Level = Map<unknown, Level | Row[]>;

/** Stands for SQL NULL among normalised key values: a key with a NULL part is never indexed or matched. */
const NULL_KEY: unique symbol = Symbol('null key');

/**
 * The value a key part is hashed by, so that values equal in SQL are one Map key: numbers (also
 * DECIMAL, DATE, TIME, TIMESTAMP and intervals), strings and booleans are their own key (a Map
 * compares with SameValueZero: -0 equals 0 and NaN equals NaN, as in Spark's joins); BYTES compare by
 * content and ARRAY / ROW / MAP values by their JSON text, each behind a prefix no text of the
 * same column could start with in practice. NULL (or undefined) becomes {@link NULL_KEY}.
 *
 * @example
 * hashKey(new Uint8Array([1, 2])) === hashKey(new Uint8Array([1, 2])) // true
 */
export function hashKey(value: unknown): unknown {
  if (value === null || value === undefined) return NULL_KEY;
  if (typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return `\u0000bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof Map) return `\u0000json:${JSON.stringify(Object.fromEntries(value))}`;
  return `\u0000json:${JSON.stringify(value)}`;
}

/**
 * A static table hashed by a composite key, built once: one nested Map per key part, so a probe walks
 * the parts and allocates nothing. Rows whose key has a NULL part are left out (SQL equality: NULL
 * matches nothing). Probing with a NULL part finds nothing.
 *
 * @example
 * const index = new LookupTableIndex([(r) => r.id], [{ id: 1, name: 'Ann' }, { id: 2, name: 'Bo' }]);
 * index.lookup([(r) => r.customer], { customer: 2 }) // [{ id: 2, name: 'Bo' }]
 */
export class LookupTableIndex {
  readonly #root: Level = new Map();
  readonly #depth: number;
  /** Rows indexed (those with a NULL key part are not). */
  readonly size: number;

  constructor(keys: readonly ((row: Row) => unknown)[], rows: readonly Row[]) {
    if (keys.length === 0) throw new PlanError('a lookup table index needs at least one key');
    this.#depth = keys.length;
    let size = 0;
    const last = keys.length - 1;
    rows: for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let level = this.#root;
      for (let k = 0; k < last; k++) {
        const part = hashKey(keys[k](row));
        if (part === NULL_KEY) continue rows;
        let next = level.get(part) as Level | undefined;
        if (next === undefined) level.set(part, (next = new Map()));
        level = next;
      }
      const part = hashKey(keys[last](row));
      if (part === NULL_KEY) continue;
      const matches = level.get(part) as Row[] | undefined;
      if (matches === undefined) level.set(part, [row]);
      else matches.push(row);
      size++;
    }
    this.size = size;
  }

  /**
   * The table rows whose key equals the key of `row` computed by `keys` (one function per key part,
   * in the order the index was built with), or undefined when none do. The array is the index's own:
   * do not change it.
   */
  lookup(keys: readonly ((row: Row) => unknown)[], row: Row): readonly Row[] | undefined {
    let node: Level | Row[] | undefined = this.#root;
    for (let k = 0; k < this.#depth; k++) {
      const part = hashKey(keys[k](row));
      if (part === NULL_KEY) return undefined;
      node = (node as Level).get(part);
      if (node === undefined) return undefined;
    }
    return node as Row[];
  }
}
