import type { Expr, FunctionCall, JsonQuery, JsonValue, JsonValueBehavior, OrderItem, WindowFrame, FrameBound, WindowSpec } from '../ast/expressions.ts';
import { PREC, binaryPrec } from '../parser/precedence.ts';
import { needsParensLeft, needsParensRight, precOf } from './expression-precedence.ts';
import { printFunctionName, printName, printWord, quoteIdent, quoteString } from './identifiers.ts';
import { printQuery } from './queries.ts';
import { printDataType, printIntervalQualifier } from './types.ts';

type Printers = { readonly [K in Expr['kind']]: (e: Extract<Expr, { kind: K }>) => string };

/**
 * An expression as SQL text, with parentheses only where precedence needs them.
 *
 * @example
 * printExpr(parseExpression('(a + b) * c')) // '(a + b) * c'
 */
export function printExpr(e: Expr): string {
  return (PRINTERS[e.kind] as (e: Expr) => string)(e);
}

const left = (e: Expr, prec: number) => wrap(printExpr(e), needsParensLeft(e, prec));
const right = (e: Expr, minPrec: number) => wrap(printExpr(e), needsParensRight(e, minPrec));
const list = (es: readonly Expr[]) => es.map(printExpr).join(', ');
const not = (negated: boolean) => (negated ? 'NOT ' : '');

function wrap(text: string, parens: boolean): string {
  return parens ? `(${text})` : text;
}

const PRINTERS: Printers = {
  NumericLiteral: (e) => e.text,
  StringLiteral: (e) => quoteString(e.value),
  BooleanLiteral: (e) => (e.value === null ? 'UNKNOWN' : e.value ? 'TRUE' : 'FALSE'),
  NullLiteral: () => 'NULL',
  BinaryLiteral: (e) => `X'${e.hex}'`,
  DateTimeLiteral: (e) => `${e.type} ${quoteString(e.value)}`,
  IntervalLiteral: (e) => `INTERVAL ${e.negative ? '-' : ''}${quoteString(e.value)} ${printIntervalQualifier(e.qualifier)}`,
  Identifier: (e) => printName(e.parts),
  FieldAccess: (e) => `${left(e.target, PREC.POSTFIX)}.${quoteIdent(e.field)}`,
  ItemAccess: (e) => `${left(e.target, PREC.POSTFIX)}[${printExpr(e.index)}]`,
  Unary: (e) => {
    if (e.op === 'NOT') return `NOT ${right(e.operand, PREC.NOT)}`;
    const operand = right(e.operand, PREC.UNARY);
    // `- -x`, never `--x`, which would start a comment.
    return `${e.op}${operand.startsWith('-') || operand.startsWith('+') ? ' ' : ''}${operand}`;
  },
  Binary: (e) => `${left(e.left, binaryPrec(e.op))} ${e.op} ${right(e.right, binaryPrec(e.op))}`,
  Is: (e) => `${left(e.operand, PREC.IS)} IS ${not(e.negated)}${e.test}`,
  IsDistinctFrom: (e) => `${left(e.left, PREC.IS)} IS ${not(e.negated)}DISTINCT FROM ${right(e.right, PREC.IS)}`,
  Between: (e) =>
    `${left(e.operand, PREC.PREDICATE)} ${not(e.negated)}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}` +
    `${right(e.low, PREC.PREDICATE)} AND ${right(e.high, PREC.PREDICATE)}`,
  InList: (e) => `${left(e.operand, PREC.PREDICATE)} ${not(e.negated)}IN (${list(e.list)})`,
  InSubquery: (e) => `${left(e.operand, PREC.PREDICATE)} ${not(e.negated)}IN (${printQuery(e.query)})`,
  Like: (e) => {
    // With ESCAPE, an operator-built pattern is parenthesised so a LIKE inside it cannot take the
    // ESCAPE for itself (the dangling-else of LIKE).
    const pattern = e.escape && precOf(e.pattern) < PREC.ATOM ? `(${printExpr(e.pattern)})` : right(e.pattern, PREC.PREDICATE);
    return `${left(e.operand, PREC.PREDICATE)} ${not(e.negated)}${e.op} ${pattern}` +
      (e.escape ? ` ESCAPE ${right(e.escape, PREC.PREDICATE)}` : '');
  },
  Exists: (e) => `EXISTS (${printQuery(e.query)})`,
  Subquery: (e) => `(${printQuery(e.query)})`,
  Case: (e) => {
    const parts = ['CASE'];
    if (e.operand) parts.push(printExpr(e.operand));
    for (const w of e.whens) parts.push(`WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`);
    if (e.else) parts.push(`ELSE ${printExpr(e.else)}`);
    parts.push('END');
    return parts.join(' ');
  },
  Cast: (e) => `${e.try ? 'TRY_CAST' : 'CAST'}(${printExpr(e.operand)} AS ${printDataType(e.type)})`,
  FunctionCall: printCall,
  NiladicCall: (e) => e.name,
  Extract: (e) => `EXTRACT(${e.unit} FROM ${printExpr(e.source)})`,
  FloorCeil: (e) => `${e.fn}(${printExpr(e.operand)} TO ${e.unit})`,
  Position: (e) => `POSITION(${right(e.needle, PREC.PREDICATE)} IN ${printExpr(e.haystack)})`,
  Trim: (e) => `TRIM(${e.side} ${e.chars ? `${printExpr(e.chars)} ` : ''}FROM ${printExpr(e.source)})`,
  Substring: (e) => `SUBSTRING(${printExpr(e.source)} FROM ${printExpr(e.start)}${e.length ? ` FOR ${printExpr(e.length)}` : ''})`,
  Overlay: (e) =>
    `OVERLAY(${printExpr(e.source)} PLACING ${printExpr(e.replacement)} FROM ${printExpr(e.start)}` +
    `${e.length ? ` FOR ${printExpr(e.length)}` : ''})`,
  TimestampAdd: (e) => `TIMESTAMPADD(${e.unit}, ${printExpr(e.count)}, ${printExpr(e.timestamp)})`,
  TimestampDiff: (e) => `TIMESTAMPDIFF(${e.unit}, ${printExpr(e.start)}, ${printExpr(e.end)})`,
  JsonValue: printJsonValue,
  JsonQuery: printJsonQuery,
  RowConstructor: (e) => (e.explicit || e.fields.length === 1 ? `ROW(${list(e.fields)})` : `(${list(e.fields)})`),
  ArrayConstructor: (e) => `ARRAY[${list(e.elements)}]`,
  MapConstructor: (e) => `MAP[${e.entries.map((m) => `${printExpr(m.key)}, ${printExpr(m.value)}`).join(', ')}]`,
  Descriptor: (e) => `DESCRIPTOR(${e.columns.map(quoteIdent).join(', ')})`,
  TableArgument: (e) => {
    const keys = e.partitionBy.length === 1 ? ` PARTITION BY ${printExpr(e.partitionBy[0])}` : e.partitionBy.length ? ` PARTITION BY (${list(e.partitionBy)})` : '';
    return `TABLE ${printName(e.table)}${keys}`;
  },
  NamedArgument: (e) => `${printWord(e.name)} => ${printExpr(e.value)}`,
};

function printCall(e: FunctionCall): string {
  const args = e.star ? '*' : `${e.distinct ? 'DISTINCT ' : ''}${list(e.args)}`;
  let text = `${printFunctionName(e.name)}(${args})`;
  if (e.filter) text += ` FILTER (WHERE ${printExpr(e.filter)})`;
  if (e.over) text += ` OVER ${e.over.kind === 'WindowName' ? quoteIdent(e.over.name) : printWindowSpec(e.over)}`;
  return text;
}

function printJsonValue(e: JsonValue): string {
  const behavior = (b: JsonValueBehavior) => (b.type === 'DEFAULT' ? `DEFAULT ${printExpr(b.value)}` : b.type);
  return `JSON_VALUE(${printExpr(e.json)}, ${printExpr(e.path)}` +
    (e.returning ? ` RETURNING ${printDataType(e.returning)}` : '') +
    (e.onEmpty ? ` ${behavior(e.onEmpty)} ON EMPTY` : '') +
    (e.onError ? ` ${behavior(e.onError)} ON ERROR` : '') + ')';
}

function printJsonQuery(e: JsonQuery): string {
  return `JSON_QUERY(${printExpr(e.json)}, ${printExpr(e.path)}` +
    (e.wrapper === undefined ? '' : e.wrapper === 'WITHOUT' ? ' WITHOUT ARRAY WRAPPER' : ` WITH ${e.wrapper} ARRAY WRAPPER`) +
    (e.onEmpty ? ` ${e.onEmpty} ON EMPTY` : '') +
    (e.onError ? ` ${e.onError} ON ERROR` : '') + ')';
}

/**
 * `(PARTITION BY … ORDER BY … ROWS BETWEEN … AND …)`.
 *
 * @example
 * printWindowSpec(spec) // '(PARTITION BY a ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)'
 */
export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base !== undefined) parts.push(quoteIdent(w.base));
  if (w.partitionBy.length) parts.push(`PARTITION BY ${list(w.partitionBy)}`);
  if (w.orderBy.length) parts.push(`ORDER BY ${printOrderItems(w.orderBy)}`);
  if (w.frame) parts.push(printFrame(w.frame));
  return `(${parts.join(' ')})`;
}

/**
 * `a DESC NULLS LAST, b`.
 *
 * @example
 * printOrderItems(items) // 'price DESC, ts'
 */
export function printOrderItems(items: readonly OrderItem[]): string {
  return items.map((o) => printExpr(o.expr) + (o.direction ? ` ${o.direction}` : '') + (o.nulls ? ` NULLS ${o.nulls}` : '')).join(', ');
}

function printFrame(f: WindowFrame): string {
  if (f.end === undefined) return `${f.unit} ${printBound(f.start)}`;
  return `${f.unit} BETWEEN ${printBound(f.start)} AND ${printBound(f.end)}`;
}

function printBound(b: FrameBound): string {
  return b.offset ? `${right(b.offset, PREC.AND)} ${b.type}` : b.type;
}
