/**
 * Schema inference for batch file sources without a schema, as Spark's: JSON fields sorted by
 * name, integers BIGINT, other numbers DOUBLE, objects ROW, arrays ARRAY, conflicting types
 * STRING; CSV columns named by the header (or _c0, _c1, …) and STRING unless `inferSchema`
 * asks for INT / BIGINT / DOUBLE / BOOLEAN. Only the start of the files is sampled (see
 * {@link SAMPLE_BYTES}), synchronously: this runs once, when the DataFrame is created.
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataType, RowField, RowType } from '../../core/data-types.ts';
import { DataTypes } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import { csvRecordIsOpen, splitCsvRecord } from '../../formats/csv-text.ts';

/** How much of the files (in bytes, over all files) inference reads. @example SAMPLE_BYTES // 4194304 */
export const SAMPLE_BYTES = 4 * 1024 * 1024;

const T = DataTypes;

/**
 * The schema of JSON Lines files, from a sample of their records.
 *
 * @example
 * inferJsonSchema('data/trades') // ROW<`price` DOUBLE, `shares` BIGINT, `symbol` STRING>
 */
export function inferJsonSchema(path: string): RowType {
  let type: DataType | undefined;
  for (const line of sampleLines(path)) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue; // Spark's inference sets malformed records aside too
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    type = merge(type, typeOfJson(value));
  }
  if (type === undefined || type.kind !== 'ROW' || type.fields.length === 0) {
    throw new ConfigError('schema', `Unable to infer schema for JSON at '${path}': no records found. It must be specified manually with .schema(…)`);
  }
  return settle(type) as RowType;
}

/**
 * What CSV inference needs to know of the CSV options.
 *
 * @example
 * const options: CsvInferenceOptions = { header: true, delimiter: ',', quote: '"', inferTypes: false };
 */
export interface CsvInferenceOptions {
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly nullValue?: string;
  /** Spark's `inferSchema`: look at the values for numbers and booleans (otherwise every column is STRING). */
  readonly inferTypes: boolean;
}

/**
 * The schema of CSV files: column names from the header line (or _c0, _c1, …) and, with
 * `inferTypes`, the narrowest of INT, BIGINT, DOUBLE, BOOLEAN that fits every sampled value.
 *
 * @example
 * inferCsvSchema('data/trades.csv', { header: true, delimiter: ',', quote: '"', inferTypes: true })
 * // ROW<`symbol` STRING, `shares` INT, `price` DOUBLE>
 */
export function inferCsvSchema(path: string, options: CsvInferenceOptions): RowType {
  const delimiter = options.delimiter === '\\t' ? '\t' : options.delimiter;
  let header: string[] | undefined;
  const rows: string[][] = [];
  // File by file: with a header, every file starts with one (the reader skips each), not only the first.
  for (const lines of sampleFiles(path)) {
    const records = csvRecords(lines, options.quote).map((record) => {
      try {
        return splitCsvRecord(record, delimiter, options.quote);
      } catch {
        return undefined;
      }
    }).filter((fields): fields is string[] => fields !== undefined);
    if (options.header && records.length > 0) {
      const names = records.shift()!;
      header ??= names;
    }
    rows.push(...records);
  }
  const first = header ?? rows[0];
  if (first === undefined) throw new ConfigError('schema', `Unable to infer schema for CSV at '${path}': no records found. It must be specified manually with .schema(…)`);
  const names = header !== undefined ? header.map((name, i) => (name.trim() === '' ? `_c${i}` : name)) : first.map((_, i) => `_c${i}`);
  const fields: RowField[] = names.map((name, i) => ({ name, type: options.inferTypes ? csvColumnType(rows, i, options.nullValue) : T.STRING() }));
  return T.ROW(fields);
}

function typeOfJson(value: unknown): DataType | undefined {
  if (value === null) return undefined;
  if (typeof value === 'boolean') return T.BOOLEAN();
  if (typeof value === 'number') return Number.isInteger(value) ? T.BIGINT() : T.DOUBLE();
  if (typeof value === 'string') return T.STRING();
  if (Array.isArray(value)) {
    let element: DataType | undefined;
    for (const item of value) element = merge(element, typeOfJson(item));
    return T.ARRAY(element ?? T.NULL());
  }
  const fields = Object.entries(value as Record<string, unknown>).map(([name, v]) => ({ name, type: typeOfJson(v) ?? T.NULL() }));
  return T.ROW(fields.sort((a, b) => compareNames(a.name, b.name)));
}

/** The type both values fit: NULL gives way, BIGINT widens to DOUBLE, rows and arrays merge, anything else is STRING. */
function merge(a: DataType | undefined, b: DataType | undefined): DataType | undefined {
  if (a === undefined || a.kind === 'NULL') return b ?? a;
  if (b === undefined || b.kind === 'NULL') return a;
  if (a.kind === b.kind && a.kind !== 'ROW' && a.kind !== 'ARRAY') return a;
  if ((a.kind === 'BIGINT' && b.kind === 'DOUBLE') || (a.kind === 'DOUBLE' && b.kind === 'BIGINT')) return T.DOUBLE();
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') return T.ARRAY(merge(a.element, b.element) ?? T.NULL());
  if (a.kind === 'ROW' && b.kind === 'ROW') {
    const byName = new Map<string, DataType>();
    for (const field of [...a.fields, ...b.fields]) byName.set(field.name, merge(byName.get(field.name), field.type) ?? T.NULL());
    return T.ROW([...byName].map(([name, type]) => ({ name, type })).sort((x, y) => compareNames(x.name, y.name)));
  }
  return T.STRING();
}

/** Replaces the NULL of columns only ever seen null by STRING, as Spark does. */
function settle(type: DataType): DataType {
  if (type.kind === 'NULL') return T.STRING();
  if (type.kind === 'ARRAY') return T.ARRAY(settle(type.element));
  if (type.kind === 'ROW') return T.ROW(type.fields.map((f) => ({ name: f.name, type: settle(f.type) })));
  return type;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const INT = /^[+-]?\d+$/;
const DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(NaN|Infinity)$/;

function csvColumnType(rows: readonly string[][], column: number, nullValue: string | undefined): DataType {
  let kind: 'INT' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'STRING' | undefined;
  for (const row of rows) {
    const text = row[column];
    if (text === undefined || text === '' || text === nullValue) continue;
    const fits = valueKind(text.trim());
    if (kind === undefined || kind === fits) kind = fits;
    else if (isNumberKind(kind) && isNumberKind(fits)) kind = rank(kind) > rank(fits) ? kind : fits;
    else kind = 'STRING';
    if (kind === 'STRING') break;
  }
  switch (kind) {
    case 'INT': return T.INT();
    case 'BIGINT': return T.BIGINT();
    case 'DOUBLE': return T.DOUBLE();
    case 'BOOLEAN': return T.BOOLEAN();
    default: return T.STRING();
  }
}

function valueKind(text: string): 'INT' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'STRING' {
  if (INT.test(text)) {
    const n = Number(text);
    if (n >= -2147483648 && n <= 2147483647) return 'INT';
    return Number.isSafeInteger(n) ? 'BIGINT' : 'DOUBLE';
  }
  if (DOUBLE.test(text)) return 'DOUBLE';
  const lower = text.toLowerCase();
  return lower === 'true' || lower === 'false' ? 'BOOLEAN' : 'STRING';
}

const isNumberKind = (kind: string) => kind === 'INT' || kind === 'BIGINT' || kind === 'DOUBLE';
const rank = (kind: string) => (kind === 'INT' ? 0 : kind === 'BIGINT' ? 1 : 2);

/** Whole CSV records (a quoted field may span lines). */
function csvRecords(lines: readonly string[], quote: string): string[] {
  const records: string[] = [];
  let open: string | undefined;
  for (const line of lines) {
    open = open === undefined ? line : `${open}\n${line}`;
    if (csvRecordIsOpen(open, quote)) continue;
    if (open.trim() !== '') records.push(open);
    open = undefined;
  }
  return records;
}

/** The whole lines in the first {@link SAMPLE_BYTES} of the visible files at `path`, file by file in name order. */
function sampleLines(path: string): string[] {
  return sampleFiles(path).flat();
}

/** {@link sampleLines}, one array of lines per file. */
function sampleFiles(path: string): string[][] {
  const files: string[][] = [];
  let budget = SAMPLE_BYTES;
  for (const file of visibleFiles(path)) {
    if (budget <= 0) break;
    const { text, whole } = readStart(file, budget);
    budget -= Buffer.byteLength(text);
    const fileLines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    if (!whole) fileLines.pop(); // a line cut off by the budget
    files.push(fileLines);
  }
  return files;
}

function visibleFiles(path: string): string[] {
  let info;
  try {
    info = statSync(path);
  } catch {
    throw new ConfigError('path', `'${path}' does not exist`);
  }
  if (!info.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(path, name));
}

function readStart(file: string, max: number): { text: string; whole: boolean } {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const buffer = Buffer.alloc(Math.min(size, max));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, read).toString('utf8'), whole: read >= size };
  } finally {
    closeSync(fd);
  }
}
