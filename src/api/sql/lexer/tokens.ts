import type { SourcePos } from '../ast/node.ts';

/**
 * Token kinds: `word` (keywords and plain identifiers alike — the parser decides), `quoted`
 * (a `backtick` identifier), `string`, `number`, `binary` (X'…'), `symbol` (punctuation and
 * operators), `hint-start` / `hint-end` (the `/*+` and `*\/` around hints) and `eof`.
 *
 * @example
 * const kind: TokenKind = 'word';
 */
export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'binary' | 'symbol' | 'hint-start' | 'hint-end' | 'eof';

/**
 * One token. `value` is the meaning (identifier name, unescaped string, hex digits, the symbol);
 * `upper` is the upper-cased word for keyword matching (empty for non-words).
 *
 * @example
 * const t: Token = { kind: 'word', text: 'select', value: 'select', upper: 'SELECT', pos, end: 6 };
 */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value: string;
  readonly upper: string;
  readonly pos: SourcePos;
  /** Offset just past the token. */
  readonly end: number;
}

/**
 * The operators and punctuation the lexer knows, longest first so `<=` wins over `<`.
 *
 * @example
 * SYMBOLS.find((s) => '<=5'.startsWith(s)) // '<='
 */
export const SYMBOLS: readonly string[] = [
  '=>', '<>', '!=', '<=', '>=', '||',
  '(', ')', '[', ']', ',', ';', '.', '+', '-', '*', '/', '%', '=', '<', '>',
];

/**
 * How a token reads in an error message: `'FROM'`, `'('`, `end of input`.
 *
 * @example
 * describeToken(tok) // "'FROM'"
 */
export function describeToken(token: Token): string {
  if (token.kind === 'eof') return 'end of input';
  const text = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  if (token.kind === 'string') return `string ${text}`;
  return `'${text}'`;
}
