import { CALLABLE_RESERVED, QUOTE_ON_PRINT, RESERVED } from '../lexer/keywords.ts';

const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names a FunctionCall must quote so they do not re-read as a special form (`ROW(…)`, `CAST(…)`). */
const SPECIAL_CALLS = new Set([
  'ROW', 'EXISTS', 'CAST', 'TRY_CAST', 'EXTRACT', 'POSITION', 'TRIM', 'SUBSTRING', 'OVERLAY',
  'TIMESTAMPADD', 'TIMESTAMPDIFF', 'DESCRIPTOR', 'NOT', 'CASE', 'INTERVAL',
]);

/**
 * An identifier as SQL text: bare when it is a plain word Flink does not reserve, otherwise in
 * backticks (doubling any backtick inside).
 *
 * @example
 * quoteIdent('price') // 'price'
 * quoteIdent('value') // '`value`'
 */
export function quoteIdent(name: string): string {
  if (SIMPLE.test(name) && !QUOTE_ON_PRINT.has(name.toUpperCase())) return name;
  return backtick(name);
}

/**
 * A qualified name: `cat.db.t`.
 *
 * @example
 * printName(['db', 'order']) // 'db.`order`'
 */
export function printName(parts: readonly string[]): string {
  return parts.map(quoteIdent).join('.');
}

/**
 * A function name: bare unless it would read as something else.
 *
 * @example
 * printFunctionName(['LEFT']) // 'LEFT'
 */
export function printFunctionName(parts: readonly string[]): string {
  if (parts.length === 1) {
    const upper = parts[0].toUpperCase();
    const plain = SIMPLE.test(parts[0]) && !SPECIAL_CALLS.has(upper) && (!RESERVED.has(upper) || CALLABLE_RESERVED.has(upper));
    return plain ? parts[0] : backtick(parts[0]);
  }
  return printName(parts);
}

/**
 * A word the parser reads after `.`, before `=>` or as a hint name, where any plain word will do.
 *
 * @example
 * printWord('TIMECOL') // 'TIMECOL'
 */
export function printWord(name: string): string {
  return SIMPLE.test(name) ? name : backtick(name);
}

/**
 * A string literal, doubling single quotes.
 *
 * @example
 * quoteString("it's") // "'it''s'"
 */
export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function backtick(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
