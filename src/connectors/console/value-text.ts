import { formatTimestamp } from '../../core/timestamp-format.ts';
import type { Row } from '../../core/row.ts';
import { ROW_KIND } from '../../formats/row-kind.ts';

/**
 * How the print and table formats show one field: null as `null`, TIMESTAMP columns (epoch ms) as
 * `2024-01-01 10:00:00.000`, numbers as JavaScript prints them, nested values as JSON.
 *
 * @example
 * fieldText(1704103200000, true) // '2024-01-01 10:00:00.000'
 */
export function fieldText(value: unknown, isTimestamp: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (isTimestamp && typeof value === 'number') return formatTimestamp(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return value instanceof Date ? formatTimestamp(value.getTime()) : JSON.stringify(value);
  return String(value);
}

/**
 * True for a row (a plain object); arrays and primitives are printed whole.
 *
 * @example
 * isRow({ a: 1 }) // true
 * isRow([1]) // false
 */
export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The columns to show: the configured list, or the row's own keys without the row-kind marker.
 *
 * @example
 * columnsOf({ a: 1, $kind: 'delete' }, undefined) // ['a']
 */
export function columnsOf(row: Row, configured: readonly string[] | undefined): readonly string[] {
  if (configured !== undefined) return configured;
  const keys = Object.keys(row);
  return ROW_KIND in row ? keys.filter((k) => k !== ROW_KIND) : keys;
}
