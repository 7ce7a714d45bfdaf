/**
 * The batch oracle: DuckDB reads a case's input files itself (its own JSON and CSV readers, the
 * column types taken from the case's CREATE TABLE) and runs the case's `-- duckdb:` query, the
 * batch equivalent of its streaming query. The engine's final rows must equal DuckDB's.
 */
import { isAbsolute, join } from 'node:path';
import { statSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection, type Json } from '@duckdb/node-api';
import type { CreateTable, DataType as AstType, Statement } from '../../src/api/sql/index.ts';
import { parseScript } from '../../src/api/sql/index.ts';
import type { DataType } from '../../src/core/data-types.ts';
import { parseTimestamp } from '../../src/core/timestamp-format.ts';
import { parseDateText, parseTimeText } from '../../src/formats/temporal-text.ts';
import type { Row } from '../../src/core/row.ts';
import { valueText, type CaseColumn } from './run-case.ts';

/**
 * Rows of DuckDB's answer to `query` after loading every `filesystem` table of `script` (paths
 * relative to `baseDir`), as JSON values (timestamps and decimals as text, BIGINT as text).
 *
 * @example
 * const rows = await duckdbRows(caseSql, 'SELECT symbol, SUM(shares) FROM trades GROUP BY symbol', CASES_DIR);
 */
export async function duckdbRows(script: string, query: string, baseDir: string): Promise<Json[][]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // TIMESTAMP_LTZ columns (TIMESTAMPTZ) are read and shown in UTC, as the engine shows them.
    await connection.run("SET TimeZone = 'UTC'");
    for (const table of filesystemTables(parseScript(script))) await loadTable(connection, table, baseDir);
    const reader = await connection.runAndReadAll(query);
    return reader.getRowsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function filesystemTables(statements: readonly Statement[]): CreateTable[] {
  return statements.filter((s): s is CreateTable =>
    s.kind === 'CreateTable' && s.options.some((o) => o.key === 'connector' && o.value === 'filesystem'));
}

/** CREATE TABLE in DuckDB with the physical columns, filled by DuckDB's reader for the table's format. */
async function loadTable(connection: DuckDBConnection, table: CreateTable, baseDir: string): Promise<void> {
  const option = (key: string) => table.options.find((o) => o.key === key)?.value;
  const path = resolvePath(option('path') ?? '', baseDir);
  const columns = table.columns.flatMap((c) => (c.kind === 'PhysicalColumn' ? [`${sqlString(c.name)}: ${sqlString(duckType(c.type))}`] : []));
  const spec = `{${columns.join(', ')}}`;
  const reader = option('format') === 'csv'
    ? `read_csv(${sqlString(path)}, header = false, auto_detect = false, columns = ${spec}, delim = ${sqlString(option('csv.field-delimiter') ?? ',')}, ` +
      `quote = ${sqlString(option('csv.quote-character') ?? '"')}${option('csv.null-literal') === undefined ? '' : `, nullstr = ${sqlString(option('csv.null-literal')!)}`})`
    : `read_json(${sqlString(path)}, format = 'newline_delimited', columns = ${spec})`;
  const name = table.name.at(-1)!;
  await connection.run(`CREATE TABLE "${name.replaceAll('"', '""')}" AS SELECT * FROM ${reader}`);
}

/** A file as is; a directory as the glob of its visible files (what the filesystem source reads). */
function resolvePath(path: string, baseDir: string): string {
  const absolute = isAbsolute(path) ? path : join(baseDir, path);
  return statSync(absolute).isDirectory() ? join(absolute, '*') : absolute;
}

/** The DuckDB type holding the same values as a Flink column type. */
function duckType(type: AstType): string {
  if (type.kind !== 'AtomicType') throw new Error(`the DuckDB oracle does not load ${type.kind} columns`);
  switch (type.name) {
    case 'CHAR': case 'VARCHAR': case 'STRING': return 'VARCHAR';
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': case 'BOOLEAN': case 'DOUBLE': case 'DATE': case 'TIME': return type.name === 'INT' ? 'INTEGER' : type.name;
    case 'FLOAT': return 'REAL';
    case 'DECIMAL': return `DECIMAL(${type.precision ?? 10}, ${type.scale ?? 0})`;
    case 'TIMESTAMP': return 'TIMESTAMP';
    case 'TIMESTAMP_LTZ': return 'TIMESTAMPTZ';
    default: throw new Error(`the DuckDB oracle does not load ${type.name} columns`);
  }
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The rows as sorted lines of comparable cells, each value shown as the golden files show a value of
 * its column's type (doubles to 12 significant digits: batch and streaming may add in another
 * order). Engine rows hold the engine's values; DuckDB rows are converted to them first.
 *
 * @example
 * comparableRows(engineRows.map((r) => columns.map((c) => r[c.name])), columns)
 */
export function comparableRows(rows: readonly (readonly unknown[])[], columns: readonly CaseColumn[], from: 'engine' | 'duckdb'): string[] {
  return rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`a row has ${row.length} values for ${columns.length} columns: ${JSON.stringify(row)}`);
    return columns.map((c, i) => valueText(from === 'duckdb' ? fromDuckdb(row[i], c.type) : row[i], c.type)).join(' | ');
  }).sort();
}

/** An engine row's values in column order. @example valuesOf({ a: 1, b: 2 }, columns) // [1, 2] */
export function valuesOf(row: Row, columns: readonly CaseColumn[]): unknown[] {
  return columns.map((c) => row[c.name] ?? null);
}

/** A DuckDB JSON value as the engine holds a value of that SQL type. */
function fromDuckdb(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return parseTimestamp(String(value).replace(/\+00(:00)?$/, 'Z'));
    case 'DATE': return parseDateText(String(value));
    case 'TIME': return parseTimeText(String(value));
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': case 'FLOAT': case 'DOUBLE': case 'DECIMAL': return Number(value);
    case 'BOOLEAN': return value === true || value === 'true';
    default: return typeof value === 'string' ? value : JSON.stringify(value);
  }
}
