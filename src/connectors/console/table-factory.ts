/**
 * The `print` table connector (Flink's): every row written is printed as `+I[AAPL, 2024-01-01
 * 10:00:00.000, 150]` (row kind, then the columns in order, each as CAST(… AS STRING) shows it),
 * prefixed by `print-identifier> ` when set; to standard error with `'standard-error' = 'true'`.
 */
import type { DataType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import { ROW_KIND } from '../../formats/row-kind.ts';
import { formatDateText, formatTimeText } from '../../formats/temporal-text.ts';
import { writeTypedValue } from '../../formats/typed-row-writer.ts';
import { mapSink } from '../mapped-connectors.ts';
import type { Sink } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { booleanOf } from '../table-options.ts';
import { consoleSink, type TextOutput } from './console-sink.ts';

/** Where the print connector writes; default the process's streams. */
export interface PrintOutputs {
  readonly stdout?: TextOutput;
  readonly stderr?: TextOutput;
}

/**
 * A `print` factory writing to the given outputs (tests capture them; the default registry uses
 * the process's stdout and stderr).
 *
 * @example
 * const lines: string[] = [];
 * const factory = createPrintTableFactory({ stdout: { write: (t: string) => lines.push(t) } });
 */
export function createPrintTableFactory(outputs: PrintOutputs = {}): TableFactory {
  return {
    identifier: 'print',
    description: "prints every row in Flink's print format (+I[…], -U[…], +U[…], -D[…])",
    sinkCapability: 'changelog',
    options: [
      { key: 'print-identifier', type: 'string', description: 'a prefix for every printed line' },
      { key: 'standard-error', type: 'boolean', default: 'false', description: 'print to standard error instead of standard output' },
    ],
    createSink(ctx: TableContext): Sink<Row> {
      const toError = booleanOf(ctx.options, 'standard-error');
      const out = toError ? outputs.stderr ?? process.stderr : outputs.stdout ?? process.stdout;
      const columns = ctx.schema.fields.map((f) => f.name);
      const show = ctx.schema.fields.map((f) => displayer(f.type));
      const sink = consoleSink<Row>({ format: 'print', out, columns, printIdentifier: ctx.options['print-identifier'] });
      return mapSink(sink, (values: Row[], times) => {
        const shown = new Array<Row>(values.length);
        for (let i = 0; i < values.length; i++) {
          const row = values[i];
          const text: Row = {};
          for (let c = 0; c < columns.length; c++) text[columns[c]] = show[c](row[columns[c]]);
          if (row[ROW_KIND] !== undefined) text[ROW_KIND] = row[ROW_KIND];
          shown[i] = text;
        }
        return { values: shown, times };
      }, { name: `print:${ctx.table}` });
    },
  };
}

/**
 * `'connector' = 'print'` on the process's standard output (or error).
 *
 * @example
 * // CREATE TABLE out (symbol STRING, n BIGINT) WITH ('connector' = 'print', 'print-identifier' = 'counts')
 */
export const printTableFactory: TableFactory = createPrintTableFactory();

/** How a value of the type is shown: as Flink's CAST(… AS STRING) spells it. */
function displayer(type: DataType): (value: unknown) => unknown {
  const numeric = (show: (n: number) => string) => (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? show(value) : value);
  switch (type.kind) {
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ':
      return numeric((n) => withFraction(new Date(n).toISOString().replace('T', ' ').slice(0, 23), 19, type.precision));
    case 'DATE':
      return numeric(formatDateText);
    case 'TIME':
      return numeric((n) => withFraction(`${formatTimeText(n - (n % 1000))}.${String(n % 1000).padStart(3, '0')}`, 8, type.precision));
    case 'BOOLEAN': case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': case 'FLOAT': case 'DOUBLE': case 'DECIMAL':
    case 'CHAR': case 'VARCHAR':
      return (value) => value;
    default:
      return (value) => writeTypedValue(value, type);
  }
}

/** `text` (whole part of `whole` characters, then `.SSS`) with exactly `precision` fraction digits. */
function withFraction(text: string, whole: number, precision: number): string {
  if (precision <= 0) return text.slice(0, whole);
  const digits = text.slice(whole + 1).padEnd(precision, '0').slice(0, precision);
  return `${text.slice(0, whole)}.${digits}`;
}
