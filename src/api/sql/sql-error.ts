import { SluiceError } from '../../core/errors.ts';
import type { SourcePos } from './ast/node.ts';

/**
 * A SQL text that does not parse: where (1-based line and column), what the parser expected there
 * and what it found. The message carries the offending source line with a caret under the column.
 *
 * @example
 * try { parseStatement('SELECT a, (b FROM t') } catch (e) {
 *   if (e instanceof SqlParseError) console.error(e.format(sql)); // 1:14: expected ')' but found 'FROM' …
 * }
 */
export class SqlParseError extends SluiceError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** What would have been accepted at this point: `')'`, `'AS'`, `an expression`… (empty for lexer errors). */
  readonly expected: readonly string[];
  /** What was there instead: `'FROM'`, `end of input`, or the lexer's complaint subject. */
  readonly found: string;
  /** The problem without the position: `expected ')' but found 'FROM'`. */
  readonly problem: string;

  constructor(problem: string, pos: SourcePos, expected: readonly string[], found: string, source?: string) {
    super(`SQL parse error at ${pos.line}:${pos.column}: ${problem}${source === undefined ? '' : excerpt(source, pos)}`);
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.expected = expected;
    this.found = found;
    this.problem = problem;
  }

  /**
   * Renders `line:col: problem`, then the source line and a caret under the column.
   *
   * @example
   * err.format('SELECT FROM t') // "1:8: expected an expression but found 'FROM'\n  SELECT FROM t\n         ^"
   */
  format(sourceText: string): string {
    return `${this.line}:${this.column}: ${this.problem}${excerpt(sourceText, this)}`;
  }
}

/**
 * `expected X, Y or Z but found W` for an expected list.
 *
 * @example
 * expectedMessage(["')'", "','"], "'FROM'") // "expected ')' or ',' but found 'FROM'"
 */
export function expectedMessage(expected: readonly string[], found: string): string {
  const unique = [...new Set(expected)];
  const list = unique.length <= 1 ? (unique[0] ?? 'something else')
    : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
  return `expected ${list} but found ${found}`;
}

/** The source line holding `pos` and a caret under its column, each indented by two spaces. */
function excerpt(source: string, pos: { line: number; column: number }): string {
  const line = source.split(/\r\n|\r|\n/)[pos.line - 1];
  if (line === undefined) return '';
  // Keep tabs in the padding so the caret lines up however the terminal renders them.
  const pad = line.slice(0, pos.column - 1).replace(/[^\t]/g, ' ');
  return `\n  ${line}\n  ${pad}^`;
}
