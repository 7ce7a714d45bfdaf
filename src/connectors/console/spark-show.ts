import { ConfigError } from '../../core/errors.ts';
import type { DataType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import { escapeMetaCharacters, sparkCellText } from './spark-value-text.ts';

/** One column of a result to show: its name (the row key) and its type. */
export interface ShowColumn {
  readonly name: string;
  readonly type: DataType;
}

/** The arguments of Spark's `df.show(n, truncate, vertical)`. */
export interface ShowOptions {
  /** How many rows to print; default 20. More rows add the footer `only showing top N rows`. */
  readonly numRows?: number;
  /**
   * `true` (the default) cuts cells to 20 characters, a number to that many, `false` or 0 not at
   * all. Cells are right-aligned when cutting and left-aligned when not, as in Spark.
   */
  readonly truncate?: boolean | number;
  /** One `-RECORD i---` block per row with a `name | value` line per column. */
  readonly vertical?: boolean;
}

/** The options of Spark's console sink (`writeStream.format('console')`). */
export type ConsoleBatchOptions = Omit<ShowOptions, 'vertical'>;

/**
 * Rows as Spark's `Dataset.showString` lays them out — the text `df.show()` prints (it prints this
 * followed by a newline):
 *
 * ```
 * +---+-----+
 * |age| name|
 * +---+-----+
 * | 14|  Tom|
 * +---+-----+
 * only showing top 1 row
 * ```
 *
 * Columns are at least 3 wide; cells are cut to `truncate` characters (the last three becoming
 * `...`), and widths count East Asian full-width characters as two, as Spark does. An empty result
 * prints the header and an empty body; in vertical mode it prints `(0 rows)`. Values are printed as
 * Spark 3.0–3.4 casts them to STRING (see `sparkValueText`): `null` for nulls, timestamps in UTC.
 *
 * @example
 * formatShow([{ name: 'age', type: DataTypes.INT() }, { name: 'name', type: DataTypes.STRING() }],
 *   [{ age: 14, name: 'Tom' }, { age: 23, name: 'Alice' }], { numRows: 1 });
 * // '+---+----+\n|age|name|\n+---+----+\n| 14| Tom|\n+---+----+\nonly showing top 1 row\n'
 */
export function formatShow(columns: readonly ShowColumn[], rows: readonly Row[], options: ShowOptions = {}): string {
  const numRows = rowLimit(options.numRows);
  const truncate = truncateLength(options.truncate);
  const header = columns.map((c) => escapeMetaCharacters(c.name));
  const cellTexts = columns.map((c) => sparkCellText(c.type));
  const shown = Math.min(rows.length, numRows);
  const cells: string[][] = new Array(shown);
  for (let r = 0; r < shown; r++) {
    const row = rows[r];
    const line: string[] = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) line[i] = truncateCell(cellTexts[i](row[columns[i].name]), truncate);
    cells[r] = line;
  }
  let text = options.vertical === true ? verticalText(header, cells) : tableText(header, cells, truncate > 0);
  if (options.vertical === true && shown === 0) text += '(0 rows)\n';
  else if (rows.length > numRows) text += `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n`;
  return text;
}

/**
 * What Spark's console sink prints for one micro-batch: a `Batch: N` banner, the batch as
 * `df.show(numRows, truncate)` prints it, and the blank line that `println` leaves after the table.
 *
 * @example
 * formatConsoleBatch(0, [{ name: 'value', type: DataTypes.STRING() }], [{ value: 'spark' }]);
 * // -------------------------------------------
 * // Batch: 0
 * // -------------------------------------------
 * // +-----+
 * // |value|
 * // +-----+
 * // |spark|
 * // +-----+
 * // (blank line)
 */
export function formatConsoleBatch(
  batchId: number, columns: readonly ShowColumn[], rows: readonly Row[], options: ConsoleBatchOptions = {},
): string {
  const table = formatShow(columns, rows, { numRows: options.numRows, truncate: options.truncate });
  return `${BANNER}\nBatch: ${batchId}\n${BANNER}\n${table}\n`;
}

/**
 * The width of text in a terminal as Spark counts it (`Utils.stringHalfWidth`): one per UTF-16 unit,
 * plus one more for each East Asian full-width character (Hangul, CJK, full-width forms), so an
 * astral character such as an emoji (two units) also counts two.
 *
 * @example
 * stringHalfWidth('abc') // 3
 * stringHalfWidth('数据') // 4
 */
export function stringHalfWidth(text: string): number {
  let width = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x1100 && isFullWidth(c)) width++;
  }
  return width;
}

const BANNER = '-'.repeat(43);
const MIN_COLUMN_WIDTH = 3;
const DEFAULT_TRUNCATE = 20;

/** Spark's full-width ranges (its `fullWidthRegex`), all within the Basic Multilingual Plane. */
function isFullWidth(c: number): boolean {
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3)
    || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe10 && c <= 0xfe19) || (c >= 0xfe30 && c <= 0xfe6f)
    || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
}

function rowLimit(numRows: number | undefined): number {
  if (numRows === undefined) return 20;
  if (!Number.isInteger(numRows)) throw new ConfigError('numRows', `must be a whole number, got ${numRows}`);
  return Math.max(0, numRows); // Spark shows nothing for a negative count rather than failing
}

function truncateLength(truncate: boolean | number | undefined): number {
  if (truncate === undefined || truncate === true) return DEFAULT_TRUNCATE;
  if (truncate === false) return 0;
  if (!Number.isInteger(truncate)) throw new ConfigError('truncate', `must be true, false or a whole number, got ${truncate}`);
  return truncate;
}

/**
 * Spark cuts a cell longer than `truncate` UTF-16 units to `truncate - 3` units plus `...` (or to
 * `truncate` units when that is under 4). Unlike Spark, a cut never splits a surrogate pair: it
 * keeps one unit less instead of leaving half a character.
 */
function truncateCell(text: string, truncate: number): string {
  if (truncate <= 0 || text.length <= truncate) return text;
  return truncate < 4 ? cut(text, truncate) : `${cut(text, truncate - 3)}...`;
}

function cut(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

function tableText(header: readonly string[], cells: readonly string[][], alignRight: boolean): string {
  const widths = header.map((h) => Math.max(MIN_COLUMN_WIDTH, stringHalfWidth(h)));
  const cellWidths: number[][] = new Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const line = cells[r];
    const lineWidths: number[] = new Array(line.length);
    for (let i = 0; i < line.length; i++) {
      lineWidths[i] = stringHalfWidth(line[i]);
      if (lineWidths[i] > widths[i]) widths[i] = lineWidths[i];
    }
    cellWidths[r] = lineWidths;
  }
  const separator = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`;
  const lineText = (line: readonly string[], lineWidths: readonly number[]): string => {
    let text = '|';
    for (let i = 0; i < line.length; i++) {
      const padding = ' '.repeat(widths[i] - lineWidths[i]);
      text += (alignRight ? padding + line[i] : line[i] + padding) + '|';
    }
    return `${text}\n`;
  };
  let text = separator + lineText(header, header.map(stringHalfWidth)) + separator;
  for (let r = 0; r < cells.length; r++) text += lineText(cells[r], cellWidths[r]);
  return text + separator;
}

function verticalText(header: readonly string[], cells: readonly string[][]): string {
  let nameWidth = MIN_COLUMN_WIDTH;
  for (const name of header) nameWidth = Math.max(nameWidth, stringHalfWidth(name));
  let dataWidth = MIN_COLUMN_WIDTH;
  for (const line of cells) for (const cell of line) dataWidth = Math.max(dataWidth, stringHalfWidth(cell));
  const padRight = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - stringHalfWidth(s)));
  let text = '';
  for (let r = 0; r < cells.length; r++) {
    // "+ 5" is the frame around a line: ' ' name ' | ' value ' '.
    text += `${`-RECORD ${r}`.padEnd(nameWidth + dataWidth + 5, '-')}\n`;
    const lines = cells[r].map((cell, i) => ` ${padRight(header[i], nameWidth)} | ${padRight(cell, dataWidth)} `);
    text += `${lines.join('\n')}\n`;
  }
  return text;
}
