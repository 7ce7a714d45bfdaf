/**
 * The Map key under which the heap structures file a state key or a MapState user key.
 *
 * Equal keys must land on the same slot, as with {@link keyId}, but building `keyId`'s tagged string
 * for every record would allocate on the hot path. A JS Map already tells primitives apart by type
 * (1 and '1' differ), so primitives are their own slot and only composites (arrays, objects) are
 * turned into text. Composite slots start with a NUL character; a string that itself starts with NUL
 * is escaped, so no string can collide with a composite.
 *
 * @example
 * const slots = new Map<unknown, number>();
 * slots.set(keySlot(['AAPL', 3]), 1);
 * slots.get(keySlot(['AAPL', 3])) // 1
 * keySlot('AAPL') // 'AAPL' (no allocation)
 */
export function keySlot(key: unknown): unknown {
  if (typeof key === 'string') return key.charCodeAt(0) === 0 ? `\u0000s${key}` : key;
  if (typeof key !== 'object' || key === null) return key;
  return `\u0000j${JSON.stringify(key)}`;
}

/**
 * The key a slot was made from (the inverse of {@link keySlot}).
 *
 * @example
 * keyOfSlot(keySlot(['AAPL', 3])) // ['AAPL', 3]
 */
export function keyOfSlot(slot: unknown): unknown {
  if (typeof slot !== 'string' || slot.charCodeAt(0) !== 0) return slot;
  return slot.charCodeAt(1) === 0x73 ? slot.slice(2) : JSON.parse(slot.slice(2));
}
