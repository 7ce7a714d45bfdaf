import type { SourcePos } from '../ast/node.ts';
import { RESERVED } from '../lexer/keywords.ts';
import { tokenize } from '../lexer/lexer.ts';
import { describeToken, type Token } from '../lexer/tokens.ts';
import { expectedMessage, SqlParseError } from '../sql-error.ts';

/**
 * How deep an AST the parser builds, in levels: a nested construct (parenthesis, subquery, function
 * argument, type) takes {@link NESTED_LEVELS}, an operator chained onto the left (`a + b + …`) one.
 * So about 200 nested constructs or 1000 operators in a row: far beyond hand-written SQL, well within the
 * stack of the parser and of what walks the AST after it (binder, printer, expression compiler).
 */
export const MAX_DEPTH = 1000;
export const NESTED_LEVELS = 5;

/**
 * The parser's view of the token stream: look-ahead, keyword and symbol matching, and errors that
 * say what was expected where. The grammar lives in free functions (one module per concern) that
 * all take a Cursor.
 *
 * @example
 * const c = new Cursor('SELECT 1');
 * c.expectWords('SELECT');
 */
export class Cursor {
  readonly source: string;
  readonly tokens: readonly Token[];
  index = 0;
  /** The depth of the AST being built, in levels (see {@link MAX_DEPTH}). */
  private depth = 0;

  constructor(source: string) {
    this.source = source;
    this.tokens = tokenize(source);
  }

  /** The token `ahead` places after the current one (the eof token past the end). */
  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  /** Where the current token starts. */
  pos(): SourcePos {
    return this.peek().pos;
  }

  next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** The token `ahead` is the keyword `word` (compared upper-case). */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'word' && t.upper === word;
  }

  /** The tokens from the current one are exactly these keywords. */
  isWords(...words: string[]): boolean {
    return words.every((w, k) => this.isWord(w, k));
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'symbol' && t.value === symbol;
  }

  /** Consumes the keyword sequence if all of it is there. */
  acceptWords(...words: string[]): boolean {
    if (!this.isWords(...words)) return false;
    this.index += words.length;
    return true;
  }

  acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.next();
    return true;
  }

  /** Consumes the keyword sequence or fails naming it. */
  expectWords(...words: string[]): Token {
    for (let k = 0; k < words.length; k++) {
      if (!this.isWord(words[k], k)) {
        this.index += k;
        this.fail([`'${words[k]}'`]);
      }
    }
    const first = this.peek();
    this.index += words.length;
    return first;
  }

  expectSymbol(symbol: string): Token {
    if (!this.isSymbol(symbol)) this.fail([`'${symbol}'`]);
    return this.next();
  }

  /** The current token can be read as an identifier (quoted, or a word that is not reserved). */
  isIdentifier(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.upper));
  }

  /** Reads one identifier. */
  identifier(what = 'an identifier'): string {
    if (!this.isIdentifier()) this.fail([what]);
    return this.next().value;
  }

  /** Reads `a.b.c`. */
  compoundName(what = 'a name'): string[] {
    const parts = [this.identifier(what)];
    // After a dot any word is a name (`t.end`), so reserved words need no quotes there.
    while (this.isSymbol('.') && (this.peek(1).kind === 'word' || this.peek(1).kind === 'quoted')) {
      this.next();
      parts.push(this.next().value);
    }
    return parts;
  }

  /** Reads `(a, b, c)`. */
  parenthesisedNames(what = 'a column name'): string[] {
    this.expectSymbol('(');
    const names = [this.identifier(what)];
    while (this.acceptSymbol(',')) names.push(this.identifier(what));
    this.expectSymbol(')');
    return names;
  }

  /** Reads a string literal's value. */
  string(what = 'a string literal'): string {
    if (this.peek().kind !== 'string') this.fail([what]);
    return this.next().value;
  }

  /** Reads a non-negative integer literal, exact in a JavaScript number (beyond 2^53 − 1 it is refused, not rounded). */
  integer(what = 'an integer'): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) this.fail([what]);
    const value = Number(t.value);
    if (!Number.isSafeInteger(value)) this.failWith(`${t.value} is too large for ${what}`);
    this.next();
    return value;
  }

  /**
   * Parses one nested construct with `parse`; past {@link MAX_DEPTH} a clear error rather than a
   * stack overflow (the grammar is recursive).
   */
  nested<T>(parse: () => T): T {
    this.enter(NESTED_LEVELS);
    try {
      return parse();
    } finally {
      this.leave(NESTED_LEVELS);
    }
  }

  /** Takes `levels` more levels of depth, or fails at the current token when that goes past {@link MAX_DEPTH}. */
  enter(levels: number): void {
    if (this.depth + levels > MAX_DEPTH) {
      this.failWith(`the SQL nests too deeply: past ${MAX_DEPTH} levels, counting ${NESTED_LEVELS} for each nested expression, subquery or type and 1 for each operator in a row`);
    }
    this.depth += levels;
  }

  /** Gives back what {@link enter} took. */
  leave(levels: number): void {
    this.depth -= levels;
  }

  /** Throws "expected … but found …" at the current token (or at `at`). */
  fail(expected: readonly string[], at: Token = this.peek()): never {
    const found = describeToken(at);
    const note = at.kind === 'hint-start' ? ' (a hint /*+ … */ goes right after SELECT, after a table name, or after INSERT INTO table)' : '';
    throw new SqlParseError(expectedMessage(expected, found) + note, at.pos, expected, found, this.source);
  }

  /** Throws a free-form problem at a token. */
  failWith(problem: string, at: Token = this.peek()): never {
    throw new SqlParseError(problem, at.pos, [], describeToken(at), this.source);
  }
}
