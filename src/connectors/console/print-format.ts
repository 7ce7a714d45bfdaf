import { rowKindOf, shortRowKind } from '../../formats/row-kind.ts';
import { columnsOf, fieldText, isRow } from './value-text.ts';

/**
 * One value in the format of Flink's print connector: `+I[AAPL, 2024-01-01 10:00:00.000, 150, 101.5]`
 * for a row (kind, then the values in column order); `String(value)` for anything else.
 *
 * @example
 * printText({ symbol: 'AAPL', ts: 1704103200000, shares: 150 }, undefined, new Set(['ts']))
 * // '+I[AAPL, 2024-01-01 10:00:00.000, 150]'
 */
export function printText(value: unknown, columns: readonly string[] | undefined, timestampColumns: ReadonlySet<string>): string {
  if (!isRow(value)) return Array.isArray(value) ? JSON.stringify(value) : String(value);
  const names = columnsOf(value, columns);
  let text = `${shortRowKind(rowKindOf(value))}[`;
  for (let i = 0; i < names.length; i++) {
    if (i > 0) text += ', ';
    text += fieldText(value[names[i]], timestampColumns.has(names[i]));
  }
  return `${text}]`;
}
