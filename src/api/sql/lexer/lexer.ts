import type { SourcePos } from '../ast/node.ts';
import { SqlParseError } from '../sql-error.ts';
import { SYMBOLS, type Token, type TokenKind } from './tokens.ts';

const WORD = /[\p{L}_][\p{L}\p{N}_$]*/uy;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const SPACE = /\s+/y;

/**
 * Splits SQL text into tokens, ending with one `eof` token. Comments (`-- …`, `/* … *\/`) are
 * skipped; hints (`/*+ … *\/`) become `hint-start` … `hint-end` with ordinary tokens between.
 * Throws {@link SqlParseError} for an unterminated string, identifier, comment or hint and for
 * characters that are not SQL.
 *
 * @example
 * tokenize("SELECT 'it''s'").map((t) => t.value) // ['SELECT', "it's", '']
 */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private readonly source: string;
  private readonly lineStarts: number[] = [0];
  private readonly tokens: Token[] = [];
  private i = 0;
  private hintStart: SourcePos | undefined;

  constructor(source: string) {
    this.source = source;
    for (let k = 0; k < source.length; k++) {
      const ch = source[k];
      if (ch === '\n' || (ch === '\r' && source[k + 1] !== '\n')) this.lineStarts.push(k + 1);
    }
  }

  run(): Token[] {
    const s = this.source;
    while (this.skipSpaceAndComments()) {
      const start = this.i;
      const ch = s[start];
      if (this.hintStart !== undefined && s.startsWith('*/', start)) {
        this.hintStart = undefined;
        this.push('hint-end', start, start + 2, '*/');
      } else if (s.startsWith('/*+', start)) {
        if (this.hintStart !== undefined) this.fail('a hint cannot contain another hint', start, '/*+');
        this.hintStart = this.posOf(start);
        this.push('hint-start', start, start + 3, '/*+');
      } else if (ch === "'") {
        this.push('string', start, this.quoted(start, "'", 'string literal'), this.unescaped(start, "'"));
      } else if (ch === '`') {
        const end = this.quoted(start, '`', 'quoted identifier');
        if (end === start + 2) this.fail('a quoted identifier cannot be empty', start, '``');
        this.push('quoted', start, end, this.unescaped(start, '`'));
      } else if ((ch === 'x' || ch === 'X') && s[start + 1] === "'") {
        this.binary(start);
      } else if (this.match(NUMBER, start)) {
        this.push('number', start, NUMBER.lastIndex, s.slice(start, NUMBER.lastIndex));
      } else if (this.match(WORD, start)) {
        this.push('word', start, WORD.lastIndex, s.slice(start, WORD.lastIndex));
      } else {
        const symbol = SYMBOLS.find((sym) => s.startsWith(sym, start));
        if (symbol === undefined) this.badCharacter(start);
        this.push('symbol', start, start + symbol.length, symbol);
      }
    }
    if (this.hintStart !== undefined) {
      throw new SqlParseError("unterminated hint: '/*+' has no closing '*/'", this.hintStart, ["'*/'"], 'end of input', s);
    }
    this.push('eof', s.length, s.length, '');
    return this.tokens;
  }

  /** Skips whitespace and comments; false at the end of the text. */
  private skipSpaceAndComments(): boolean {
    const s = this.source;
    for (;;) {
      if (this.match(SPACE, this.i)) this.i = SPACE.lastIndex;
      if (s.startsWith('--', this.i)) {
        const eol = s.slice(this.i).search(/[\r\n]/);
        this.i = eol < 0 ? s.length : this.i + eol;
      } else if (s.startsWith('/*', this.i) && s[this.i + 2] !== '+') {
        const close = s.indexOf('*/', this.i + 2);
        if (close < 0) this.fail("unterminated comment: '/*' has no closing '*/'", this.i, '/*', ["'*/'"]);
        this.i = close + 2;
      } else {
        return this.i < s.length;
      }
    }
  }

  /** The offset just past a literal quoted with `quote` (doubled quotes escape it). */
  private quoted(start: number, quote: string, what: string): number {
    const s = this.source;
    let k = start + 1;
    for (;;) {
      const close = s.indexOf(quote, k);
      if (close < 0) this.fail(`unterminated ${what}`, start, s.slice(start, start + 20), [`a closing ${quote}`]);
      if (s[close + 1] !== quote) return close + 1;
      k = close + 2;
    }
  }

  private unescaped(start: number, quote: string): string {
    const end = this.quoted(start, quote, '');
    return this.source.slice(start + 1, end - 1).replaceAll(quote + quote, quote);
  }

  private binary(start: number): void {
    const end = this.quoted(start + 1, "'", 'binary literal');
    const hex = this.source.slice(start + 2, end - 1).replace(/\s+/g, '');
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
      this.fail('a binary literal needs an even number of hex digits', start, this.source.slice(start, end));
    }
    this.push('binary', start, end, hex.toUpperCase());
  }

  private badCharacter(at: number): never {
    const ch = String.fromCodePoint(this.source.codePointAt(at) ?? 0);
    const hint = ch === '"'
      ? ": Flink SQL quotes identifiers with backticks (`name`) and strings with single quotes ('text')"
      : '';
    this.fail(`unexpected character '${ch}'${hint}`, at, ch);
  }

  private match(re: RegExp, at: number): boolean {
    re.lastIndex = at;
    return re.test(this.source);
  }

  private push(kind: TokenKind, start: number, end: number, value: string): void {
    const text = this.source.slice(start, end);
    this.tokens.push({ kind, text, value, upper: kind === 'word' ? value.toUpperCase() : '', pos: this.posOf(start), end });
    this.i = end;
  }

  private fail(problem: string, at: number, found: string, expected: readonly string[] = []): never {
    throw new SqlParseError(problem, this.posOf(at), expected, found, this.source);
  }

  /** Line and column of an offset, by binary search over the line starts. */
  posOf(offset: number): SourcePos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1, offset };
  }
}
