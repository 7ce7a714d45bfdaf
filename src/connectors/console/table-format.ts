import { rowKindOf, shortRowKind } from '../../formats/row-kind.ts';
import { columnsOf, fieldText, isRow } from './value-text.ts';

/**
 * A batch as an aligned ASCII table in the style of the Flink SQL client's tableau mode: an `op`
 * column with the row kind, then one column per field, values right-aligned. Non-row values are
 * shown in a single `value` column. Returns '' for an empty batch.
 *
 * @example
 * tableText([{ symbol: 'AAPL', price: 101.5 }], undefined, new Set())
 * // +----+--------+-------+
 * // | op | symbol | price |
 * // +----+--------+-------+
 * // | +I |   AAPL | 101.5 |
 * // +----+--------+-------+
 */
export function tableText(values: readonly unknown[], columns: readonly string[] | undefined, timestampColumns: ReadonlySet<string>): string {
  if (values.length === 0) return '';
  const first = values.find(isRow);
  const names = first === undefined ? ['value'] : columnsOf(first, columns);
  const header = ['op', ...names];
  const cells: string[][] = [];
  for (const value of values) {
    if (isRow(value)) {
      const line = [shortRowKind(rowKindOf(value))];
      for (const name of names) line.push(fieldText(value[name], timestampColumns.has(name)));
      cells.push(line);
    } else {
      cells.push(['+I', fieldText(value, false)]);
    }
  }
  const widths = header.map((h, i) => cells.reduce((w, line) => Math.max(w, (line[i] ?? '').length), h.length));
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const line = (texts: readonly string[]) => `| ${widths.map((w, i) => (texts[i] ?? '').padStart(w)).join(' | ')} |\n`;
  return border + line(header) + border + cells.map(line).join('') + border;
}
