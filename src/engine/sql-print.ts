import type { DataType } from '../core/data-types.ts';
import { DataTypes } from '../core/data-types.ts';
import type { Row } from '../core/row.ts';
import type { TextOutput } from '../connectors/console/console-sink.ts';
import { quoteCsvField } from '../formats/csv-text.ts';
import { ROW_KIND, rowKindOf, shortRowKind } from '../formats/row-kind.ts';
import { typedRowWriter } from '../formats/typed-row-writer.ts';
import { displayText } from './sql-display.ts';

/**
 * How a query's rows are printed: 'tableau' (the Flink SQL client's table), 'changelog' (Flink's
 * print format, `+I[AAPL, 2024-01-01 10:00:00.000, 300]`), 'json' (one object per line) or 'csv'.
 */
export type ResultFormat = 'tableau' | 'changelog' | 'json' | 'csv';

/** A printer fed rows as the query produces them. */
export interface ResultPrinter {
  rows(rows: readonly Row[]): void;
  end(): void;
}

/** A result column. */
export interface ResultColumn {
  readonly name: string;
  readonly type: DataType;
}

/** What shapes the output besides the format. */
export interface PrintShape {
  /** Show each row's kind (+I, -U, +U, -D): streaming mode. */
  readonly changelog: boolean;
  /** The query ends by itself: a tableau can wait for every row and size its columns to them. */
  readonly bounded: boolean;
}

/**
 * A printer in the given format writing to `out`.
 *
 * @example
 * const printer = resultPrinter('changelog', columns, process.stdout, { changelog: true, bounded: true });
 * printer.rows(rows); printer.end();
 */
export function resultPrinter(format: ResultFormat, columns: readonly ResultColumn[], out: TextOutput, shape: PrintShape): ResultPrinter {
  switch (format) {
    case 'changelog': return lines(out, (row) => `${shortRowKind(rowKindOf(row))}[${columns.map((c) => displayText(row[c.name], c.type)).join(', ')}]`);
    case 'json': {
      const write = typedRowWriter(DataTypes.ROW(columns.map((c) => ({ name: c.name, type: c.type }))));
      return lines(out, (row) => JSON.stringify(row[ROW_KIND] === undefined ? write(row) : { ...write(row), [ROW_KIND]: row[ROW_KIND] }));
    }
    case 'csv': {
      const header = [...(shape.changelog ? ['op'] : []), ...columns.map((c) => c.name)].map((h) => quoteCsvField(h)).join(',');
      out.write(`${header}\n`);
      return lines(out, (row) => [
        ...(shape.changelog ? [shortRowKind(rowKindOf(row))] : []),
        ...columns.map((c) => (row[c.name] === null || row[c.name] === undefined ? '' : quoteCsvField(displayText(row[c.name], c.type)))),
      ].join(','));
    }
    case 'tableau': return shape.bounded ? boundedTable(columns, out, shape.changelog) : streamingTable(columns, out, shape.changelog);
  }
}

function lines(out: TextOutput, format: (row: Row) => string): ResultPrinter {
  return {
    rows(rows) {
      let text = '';
      for (const row of rows) text += `${format(row)}\n`;
      if (text !== '') out.write(text);
    },
    end() {},
  };
}

const NULL = '<NULL>';

function cellsOf(row: Row, columns: readonly ResultColumn[], changelog: boolean): string[] {
  const cells = columns.map((c) => displayText(row[c.name], c.type, NULL));
  return changelog ? [shortRowKind(rowKindOf(row)), ...cells] : cells;
}

/** Waits for every row, then prints a table sized to them (Flink's batch-mode tableau). */
function boundedTable(columns: readonly ResultColumn[], out: TextOutput, changelog: boolean): ResultPrinter {
  const all: string[][] = [];
  return {
    rows(rows) {
      for (const row of rows) all.push(cellsOf(row, columns, changelog));
    },
    end() {
      if (all.length === 0) {
        out.write('Empty set\n');
        return;
      }
      const header = [...(changelog ? ['op'] : []), ...columns.map((c) => c.name)];
      const widths = header.map((h, i) => all.reduce((w, cells) => Math.max(w, cells[i].length), h.length));
      const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
      const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padStart(widths[i])).join(' | ')} |\n`;
      out.write(border + line(header) + border + all.map(line).join('') + border +
        (changelog ? `Received a total of ${all.length} row${all.length === 1 ? '' : 's'}\n` : `${all.length} row${all.length === 1 ? '' : 's'} in set\n`));
    },
  };
}

/** Prints the header at once and each row as it comes, columns sized by type (Flink's streaming tableau). */
function streamingTable(columns: readonly ResultColumn[], out: TextOutput, changelog: boolean): ResultPrinter {
  const header = [...(changelog ? ['op'] : []), ...columns.map((c) => c.name)];
  const widths = [...(changelog ? [2] : []), ...columns.map((c) => Math.max(c.name.length, NULL.length, typeWidth(c.type)))];
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  const fit = (text: string, width: number) => (text.length <= width ? text.padStart(width) : `${text.slice(0, width - 3)}...`);
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => fit(c, widths[i])).join(' | ')} |\n`;
  let count = 0;
  out.write(border + line(header) + border);
  return {
    rows(rows) {
      let text = '';
      for (const row of rows) text += line(cellsOf(row, columns, changelog));
      count += rows.length;
      if (text !== '') out.write(text);
    },
    end() {
      out.write(`${border}Received a total of ${count} row${count === 1 ? '' : 's'}\n`);
    },
  };
}

/** The width a type's values need at most (text capped at 30 characters, as Flink's client does). */
function typeWidth(type: DataType): number {
  switch (type.kind) {
    case 'BOOLEAN': return 5;
    case 'TINYINT': return 4;
    case 'SMALLINT': return 6;
    case 'INT': return 11;
    case 'BIGINT': return 20;
    case 'FLOAT': case 'DOUBLE': return 22;
    case 'DECIMAL': return type.precision + 2;
    case 'DATE': return 10;
    case 'TIME': return 8 + (type.precision > 0 ? type.precision + 1 : 0);
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return 19 + (type.precision > 0 ? type.precision + 1 : 0);
    case 'CHAR': case 'VARCHAR': return Math.min(type.length, 30);
    default: return 30;
  }
}
