import { SluiceError } from '../../../core/errors.ts';
import type { SourcePos } from '../ast/node.ts';
import { SqlParseError } from '../sql-error.ts';

/**
 * A statement that parses but does not make sense: an unknown table, column or function, a type
 * mismatch, a window over a column that is not a time attribute, an updating query into an
 * insert-only sink. Carries the position of the offending text; the message shows the source line
 * with a caret under it when the SQL text is known.
 *
 * @example
 * try { env.executeSql('SELECT price + symbol FROM trades'); } catch (e) {
 *   if (e instanceof SqlValidationError) console.error(e.message); // SQL error at 1:8: cannot apply '+' to DOUBLE and STRING …
 * }
 */
export class SqlValidationError extends SluiceError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** The problem without the position: `unknown column 'prize'; …`. */
  readonly problem: string;

  constructor(problem: string, pos: SourcePos, source?: string, options?: { cause?: unknown }) {
    super(`SQL error at ${pos.line}:${pos.column}: ${problem}${source === undefined ? '' : excerpt(source, pos)}`, options);
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.problem = problem;
  }

  /**
   * `line:col: problem`, then the source line and a caret under the column (the form the CLI
   * prefixes with the file name).
   *
   * @example
   * err.format(sql) // "2:8: cannot apply '+' to STRING and INT\n  SELECT a + 1\n         ^"
   */
  format(sourceText: string): string {
    return `${this.line}:${this.column}: ${this.problem}${excerpt(sourceText, this)}`;
  }
}

/**
 * The source line holding `pos` and a caret under its column, each indented by two spaces.
 *
 * @example
 * excerpt('SELECT x', { line: 1, column: 8 }) // '\n  SELECT x\n         ^'
 */
export function excerpt(source: string, pos: { line: number; column: number }): string {
  const line = source.split(/\r\n|\r|\n/)[pos.line - 1];
  if (line === undefined) return '';
  const pad = line.slice(0, pos.column - 1).replace(/[^\t]/g, ' ');
  return `\n  ${line}\n  ${pad}^`;
}

/**
 * Runs `fn`; an error without a SQL position (an ExprTypeError from the Expr constructors, a
 * CatalogError, a ConfigError from a connector) is re-thrown as a {@link SqlValidationError} at `pos`.
 *
 * @example
 * const e = at(node.pos, source, () => call('+', [l, r]));
 */
export function at<T>(pos: SourcePos, source: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw located(e, pos, source);
  }
}

/**
 * `e` as a SqlValidationError at `pos` (unchanged when it already has a position or is not ours).
 *
 * @example
 * try { planNode(node); } catch (e) { throw located(e, node.pos, sql); }
 */
export function located(e: unknown, pos: SourcePos, source: string | undefined): unknown {
  if (e instanceof SqlValidationError || e instanceof SqlParseError || !(e instanceof SluiceError)) return e;
  return new SqlValidationError(e.message, pos, source, { cause: e });
}

/** A SqlValidationError at `pos`. @example throw fail(node.pos, src, "unknown column 'x'") */
export function fail(pos: SourcePos, source: string | undefined, problem: string): SqlValidationError {
  return new SqlValidationError(problem, pos, source);
}
