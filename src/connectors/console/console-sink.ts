import { ConfigError } from '../../core/errors.ts';
import type { Sink, SinkContext } from '../spi.ts';
import { printText } from './print-format.ts';
import { tableText } from './table-format.ts';

/** Where console output goes: anything with a `write(text)` (process.stdout, a test buffer). */
export interface TextOutput {
  write(text: string): unknown;
}

/**
 * Options of {@link consoleSink}.
 *
 * @example
 * const sink = consoleSink({ format: 'table' });
 */
export interface ConsoleSinkOptions {
  /** 'print' (Flink's print connector, the default), 'table' (tableau), or 'json' (one JSON line per value). */
  readonly format?: 'print' | 'table' | 'json';
  /** Default process.stdout. */
  readonly out?: TextOutput;
  /** Columns to show, in order; default each row's own keys. */
  readonly columns?: readonly string[];
  /** Columns holding TIMESTAMP values (epoch ms), shown as `2024-01-01 10:00:00.000` by 'print' and 'table'. */
  readonly timestampColumns?: readonly string[];
  /** A prefix for every printed line (`id> +I[…]`), as Flink's print connector's `print-identifier`. */
  readonly printIdentifier?: string;
}

/**
 * Prints every record as it is written. The console is not transactional: output appears on `write`,
 * not on commit, so after a failure and restore the records since the last checkpoint print again
 * (at-least-once). `prepareCommit` and `commit` do nothing.
 *
 * Like Flink, with several tasks each line starts with the task number (`2> …`, or `id:2> …` with an
 * identifier).
 *
 * @example
 * const sink = consoleSink({ format: 'print', timestampColumns: ['ts'] });
 * // prints: +I[AAPL, 2024-01-01 10:00:00.000, 150, 101.5]
 */
export function consoleSink<T = unknown>(options: ConsoleSinkOptions = {}): Sink<T> {
  const format = options.format ?? 'print';
  if (format !== 'print' && format !== 'table' && format !== 'json') {
    throw new ConfigError('format', `must be 'print', 'table' or 'json', got '${String(format)}'`);
  }
  const timestampColumns = new Set(options.timestampColumns ?? []);
  const columns = options.columns;
  let prefix = options.printIdentifier === undefined ? '' : `${options.printIdentifier}> `;

  return {
    name: 'console',
    open(ctx: SinkContext) {
      if (ctx.parallelism > 1) {
        const task = ctx.taskIndex + 1;
        prefix = options.printIdentifier === undefined ? `${task}> ` : `${options.printIdentifier}:${task}> `;
      }
    },
    write(values: T[]) {
      if (values.length === 0) return;
      const out = options.out ?? process.stdout;
      if (format === 'table') {
        const table = tableText(values, columns, timestampColumns);
        out.write(prefix === '' ? table : table.split('\n').slice(0, -1).map((line) => `${prefix}${line}\n`).join(''));
        return;
      }
      let text = '';
      for (const value of values) {
        text += prefix + (format === 'json' ? JSON.stringify(value) : printText(value, columns, timestampColumns)) + '\n';
      }
      out.write(text);
    },
    prepareCommit: () => null,
    commit() {},
    abort() {},
    close() {},
  };
}
