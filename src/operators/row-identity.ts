import type { Row } from '../core/row.ts';

/**
 * The identity of a row by the values of the named columns, as a string: rows with equal values (SQL
 * NULL equal to NULL, BYTES by content, BIGINT values as bigint) get the same identity, whatever their
 * other properties (a row's kind). A join holds its rows under it, so a retraction finds the row it
 * takes back.
 *
 * @example
 * rowIdentity({ id: 1, name: 'Ann', $kind: 'delete' }, ['id', 'name']) === rowIdentity({ id: 1, name: 'Ann' }, ['id', 'name']) // true
 */
export function rowIdentity(row: Row, names: readonly string[]): string {
  let text = '';
  for (let i = 0; i < names.length; i++) text += `${i === 0 ? '' : ','}${valueText(row[names[i]])}`;
  return text;
}

function valueText(value: unknown): string {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Object.is(value, -0) ? '0' : String(value);
    case 'bigint': return `${value}n`;
    case 'boolean': return value ? 'T' : 'F';
    case 'undefined': return 'N';
    default:
      if (value === null) return 'N';
      if (value instanceof Uint8Array) return `x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
      if (value instanceof Map) return `m${JSON.stringify([...value.entries()], jsonReplacer)}`;
      return `j${JSON.stringify(value, jsonReplacer)}`;
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  return value;
}
