/**
 * Runs a conformance case's script the way `sluice run` does — statement by statement through a
 * TableEnvironment — and renders the final query's result as golden text.
 */
import { parseScript, SqlParseError, SqlValidationError, TableEnvironment, type Row } from '../../src/index.ts';
import type { DataType } from '../../src/core/data-types.ts';
import { asNullable, typeToString } from '../../src/core/data-types.ts';
import { rowKindOf, shortRowKind } from '../../src/formats/row-kind.ts';
import { displayText } from '../../src/engine/sql-display.ts';
import type { ConformanceCase } from './case-files.ts';

/** A result column: name and SQL type. */
export interface CaseColumn {
  readonly name: string;
  readonly type: DataType;
}

/** What the case's query produced. */
export interface CaseResult {
  readonly columns: readonly CaseColumn[];
  /** Every row in emission order; in streaming mode an updating query's rows carry `$kind`. */
  readonly changelog: readonly Row[];
}

/**
 * One record per batch: the watermark advances after every record, so which rows are late, and the
 * order in which windows fire, follow from the input files alone.
 */
const RUN_OPTIONS = { handleSignals: false, maxBatchSize: 1 } as const;

/**
 * Runs every statement of the case; DDL, SET and views apply, INSERTs run to their end, and the
 * last statement — a query — is collected.
 *
 * @example
 * const { columns, changelog } = await runCase(readCase(CASES_DIR, 'tumble-legacy'));
 */
export async function runCase(c: ConformanceCase): Promise<CaseResult> {
  const statements = parseScript(c.sql);
  const last = statements.at(-1);
  if (last?.kind !== 'Query') throw new Error(`${c.name}.sql: the last statement must be a query, not ${last?.kind ?? 'nothing'}`);
  const env = TableEnvironment.create({ mode: c.mode, runOptions: RUN_OPTIONS });
  for (const statement of statements.slice(0, -1)) {
    const result = env.executeStatement(statement, c.sql);
    if (statement.kind === 'Insert' || statement.kind === 'StatementSet') await result.await();
  }
  const result = env.executeStatement(last, c.sql);
  const columns = result.columns.map((col) => ({ name: col.name, type: col.type }));
  return { columns, changelog: await result.collect() };
}

/**
 * The error a negative case fails with, as the CLI shows it: `line:column: problem`, the line and
 * a caret for SQL errors; the message for anything else. Undefined when the case runs.
 *
 * @example
 * await caseError(c) // "3:8: unknown column 'prize'; did you mean 'price'? …\n  SELECT prize\n         ^"
 */
export async function caseError(c: ConformanceCase): Promise<string | undefined> {
  try {
    await runCase(c);
    return undefined;
  } catch (e) {
    if (e instanceof SqlParseError || e instanceof SqlValidationError) return e.format(c.sql);
    if (e instanceof Error) return e.message;
    throw e;
  }
}

/**
 * The golden text of a result: a `#` line with the columns and their types (nullability left out:
 * Flink's derivation of NOT NULL differs between versions and functions), then one line per row in
 * Flink's print format (`+I[AAPL, 2024-01-01 09:00:00.000, 150, 15.0]`), sorted unless the case keeps
 * the emitted order.
 *
 * @example
 * goldenText(result, 'sorted') // '# symbol STRING | n BIGINT\n+I[AAPL, 2]\n'
 */
export function goldenText(result: CaseResult, order: 'sorted' | 'emitted' | 'final'): string {
  const header = `# ${result.columns.map((c) => `${c.name} ${typeToString(asNullable(c.type))}`).join(' | ')}`;
  const rows = order === 'final' ? finalRows(result.changelog, result.columns) : result.changelog;
  const lines = rows.map((row) => rowText(row, result.columns));
  if (order !== 'emitted') lines.sort();
  return `${[header, ...lines].join('\n')}\n`;
}

/**
 * `+I[v1, v2, …]`: the row kind, then each value as Flink's print connector shows it — except that
 * DOUBLE and FLOAT values are rounded to 12 significant digits first: the order in which an
 * aggregate adds them up (and so the last digits) is an implementation detail even within Flink.
 */
export function rowText(row: Row, columns: readonly CaseColumn[]): string {
  return `${shortRowKind(rowKindOf(row))}[${columns.map((c) => valueText(row[c.name], c.type)).join(', ')}]`;
}

/**
 * One value as the golden files show it.
 *
 * @example
 * valueText(1.4218750000000004, DataTypes.DOUBLE()) // '1.421875'
 */
export function valueText(value: unknown, type: DataType): string {
  if ((type.kind === 'DOUBLE' || type.kind === 'FLOAT') && typeof value === 'number' && Number.isFinite(value)) {
    // toPrecision drops the sign of -0, which Java prints (-0.0): keep zeros as they are.
    return displayText(value === 0 ? value : Number(value.toPrecision(12)), type);
  }
  return displayText(value, type);
}

/**
 * The rows a changelog ends with: +I and +U add a row, -U and -D remove an equal one. A retraction
 * of a row that is not there is an error — a changelog must be consistent.
 *
 * @example
 * finalRows([{ n: 1 }, { n: 1, $kind: 'update-before' }, { n: 2, $kind: 'update-after' }], columns) // [{ n: 2 }]
 */
export function finalRows(changelog: readonly Row[], columns: readonly CaseColumn[]): Row[] {
  const live: Row[] = [];
  const keyOf = (row: Row) => JSON.stringify(columns.map((c) => row[c.name] ?? null));
  for (const row of changelog) {
    const kind = rowKindOf(row);
    const plain: Row = {};
    for (const c of columns) plain[c.name] = row[c.name] ?? null;
    if (kind === 'insert' || kind === 'update-after') {
      live.push(plain);
      continue;
    }
    const key = keyOf(plain);
    const at = live.findIndex((r) => keyOf(r) === key);
    if (at < 0) throw new Error(`the changelog retracts a row it never added: ${rowText(row, columns)}`);
    live.splice(at, 1);
  }
  return live;
}
