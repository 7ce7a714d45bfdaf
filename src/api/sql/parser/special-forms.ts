import type { Expr, WhenClause } from '../ast/expressions.ts';
import { parseDataType } from './data-types.ts';
import { parseExpr } from './expressions.ts';
import { parseCall } from './function-calls.ts';
import { parseJsonQuery, parseJsonValue } from './json-functions.ts';
import { parseTimeUnit } from './literals.ts';
import type { Cursor } from './parser-base.ts';
import { PREC } from './precedence.ts';

/**
 * Parsers for the functions whose arguments are not a plain comma list — CAST, EXTRACT,
 * POSITION, TRIM, SUBSTRING, OVERLAY, TIMESTAMPADD/DIFF, FLOOR/CEIL … TO, JSON_VALUE and JSON_QUERY
 * (json-functions.ts), DESCRIPTOR — keyed by the upper-cased name. Each is entered with the cursor
 * on the name and `(` next.
 *
 * @example
 * SPECIAL_FORMS['CAST'](new Cursor('CAST(x AS INT)'))
 */
export const SPECIAL_FORMS: Readonly<Record<string, (c: Cursor) => Expr>> = {
  CAST: (c) => parseCast(c, false),
  TRY_CAST: (c) => parseCast(c, true),
  EXTRACT: (c) => {
    const pos = open(c);
    const unit = parseTimeUnit(c);
    c.expectWords('FROM');
    return close(c, { kind: 'Extract', unit, source: parseExpr(c), pos });
  },
  POSITION: (c) => {
    const pos = open(c);
    // The needle binds tighter than IN, so IN here is POSITION's, not a predicate.
    const needle = parseExpr(c, PREC.PREDICATE);
    c.expectWords('IN');
    return close(c, { kind: 'Position', needle, haystack: parseExpr(c), pos });
  },
  TRIM: parseTrim,
  SUBSTRING: parseSubstring,
  OVERLAY: (c) => {
    const pos = open(c);
    const source = parseExpr(c);
    c.expectWords('PLACING');
    const replacement = parseExpr(c);
    c.expectWords('FROM');
    const start = parseExpr(c);
    const length = c.acceptWords('FOR') ? parseExpr(c) : undefined;
    return close(c, { kind: 'Overlay', source, replacement, start, ...(length && { length }), pos });
  },
  TIMESTAMPADD: (c) => {
    const pos = open(c);
    const unit = parseTimeUnit(c);
    c.expectSymbol(',');
    const count = parseExpr(c);
    c.expectSymbol(',');
    return close(c, { kind: 'TimestampAdd', unit, count, timestamp: parseExpr(c), pos });
  },
  TIMESTAMPDIFF: (c) => {
    const pos = open(c);
    const unit = parseTimeUnit(c);
    c.expectSymbol(',');
    const start = parseExpr(c);
    c.expectSymbol(',');
    return close(c, { kind: 'TimestampDiff', unit, start, end: parseExpr(c), pos });
  },
  FLOOR: (c) => parseFloorCeil(c, 'FLOOR'),
  CEIL: (c) => parseFloorCeil(c, 'CEIL'),
  CEILING: (c) => parseFloorCeil(c, 'CEIL'),
  JSON_VALUE: parseJsonValue,
  JSON_QUERY: parseJsonQuery,
  DESCRIPTOR: (c) => {
    const pos = c.next().pos;
    return { kind: 'Descriptor', columns: c.parenthesisedNames(), pos };
  },
};

/**
 * `CASE [operand] WHEN … THEN … [ELSE …] END`.
 *
 * @example
 * parseCase(new Cursor("CASE WHEN a > 1 THEN 'big' ELSE 'small' END"))
 */
export function parseCase(c: Cursor): Expr {
  const pos = c.expectWords('CASE').pos;
  const operand = c.isWord('WHEN') ? undefined : parseExpr(c);
  const whens: WhenClause[] = [];
  while (c.acceptWords('WHEN')) {
    const when = parseExpr(c);
    c.expectWords('THEN');
    whens.push({ when, then: parseExpr(c) });
  }
  if (whens.length === 0) c.fail(["'WHEN'"]);
  const otherwise = c.acceptWords('ELSE') ? parseExpr(c) : undefined;
  if (!c.acceptWords('END')) c.fail(otherwise ? ["'END'"] : ["'WHEN'", "'ELSE'", "'END'"]);
  return { kind: 'Case', ...(operand && { operand }), whens, ...(otherwise && { else: otherwise }), pos };
}

function parseCast(c: Cursor, isTry: boolean): Expr {
  const pos = open(c);
  const operand = parseExpr(c);
  c.expectWords('AS');
  return close(c, { kind: 'Cast', operand, type: parseDataType(c), try: isTry, pos });
}

function parseTrim(c: Cursor): Expr {
  const pos = open(c);
  let side: 'BOTH' | 'LEADING' | 'TRAILING' | undefined;
  for (const s of ['BOTH', 'LEADING', 'TRAILING'] as const) if (c.acceptWords(s)) side = s;
  if (side !== undefined && c.acceptWords('FROM')) return close(c, { kind: 'Trim', side, source: parseExpr(c), pos });
  const first = parseExpr(c);
  if (c.acceptWords('FROM')) return close(c, { kind: 'Trim', side: side ?? 'BOTH', chars: first, source: parseExpr(c), pos });
  if (side !== undefined) c.fail(["'FROM'"]);
  return close(c, { kind: 'Trim', side: 'BOTH', source: first, pos });
}

function parseSubstring(c: Cursor): Expr {
  const pos = open(c);
  const source = parseExpr(c);
  let start: Expr;
  let length: Expr | undefined;
  if (c.acceptWords('FROM')) {
    start = parseExpr(c);
    if (c.acceptWords('FOR')) length = parseExpr(c);
  } else {
    if (!c.acceptSymbol(',')) c.fail(["'FROM'", "','"]);
    start = parseExpr(c);
    if (c.acceptSymbol(',')) length = parseExpr(c);
  }
  return close(c, { kind: 'Substring', source, start, ...(length && { length }), pos });
}

/** `FLOOR(x TO unit)`; without TO it is an ordinary call `FLOOR(x)`. */
function parseFloorCeil(c: Cursor, fn: 'FLOOR' | 'CEIL'): Expr {
  const name = c.peek();
  const start = c.index;
  const pos = open(c);
  const operand = parseExpr(c);
  if (!c.acceptWords('TO')) {
    c.index = start + 1;
    return parseCall(c, [name.value], pos);
  }
  return close(c, { kind: 'FloorCeil', fn, operand, unit: parseTimeUnit(c), pos });
}

/** Consumes the name and `(`; returns the name's position. */
function open(c: Cursor) {
  const pos = c.next().pos;
  c.expectSymbol('(');
  return pos;
}

function close(c: Cursor, e: Expr): Expr {
  c.expectSymbol(')');
  return e;
}
