import { asNullable, typeToString, type DataType } from '../../core/data-types.ts';
import { formatDateText, formatTimeText, formatTimestampText } from './datetime-text.ts';
import type { Expr } from './expr.ts';
import { jsonCallText } from './functions-json-path.ts';
import { formatIntervalText } from './interval-text.ts';

/**
 * SQL text for an expression, for EXPLAIN output and error messages: infix operators with only the
 * parentheses precedence needs, special forms in their SQL spelling (`EXTRACT(YEAR FROM ts)`), and
 * implicit casts shown as CASTs.
 *
 * @example
 * exprToString(e) // "price * shares > 10000 AND symbol = 'AAPL'"
 */
export function exprToString(e: Expr): string {
  return print(e);
}

const INFIX: Record<string, number> = { '=': 4, '<>': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 6, '-': 6, '||': 6, '*': 7, '/': 7, '%': 7 };
const NILADIC = new Set(['CURRENT_TIMESTAMP', 'CURRENT_DATE', 'CURRENT_TIME', 'LOCALTIME', 'LOCALTIMESTAMP']);

function precedence(e: Expr): number {
  switch (e.kind) {
    case 'or': return 1;
    case 'and': return 2;
    case 'not': return 3;
    case 'is': case 'is-distinct-from': case 'in': case 'between': case 'like': return 4;
    case 'call': return e.args.length === 2 ? (INFIX[e.name] ?? 10) : e.name === '-' && e.args.length === 1 ? 8 : 10;
    default: return 10;
  }
}

/** `e` printed, parenthesised when it binds looser than `min`. */
function operand(e: Expr, min: number): string {
  const text = print(e);
  return precedence(e) < min ? `(${text})` : text;
}

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s) ? s : `\`${s.replaceAll('`', '``')}\``);
const typeText = (t: DataType): string => typeToString(asNullable(t));

function print(e: Expr): string {
  switch (e.kind) {
    case 'literal': return literalText(e.value, e.type);
    case 'field': return ident(e.name);
    case 'field-access': return `${operand(e.target, 10)}.${ident(e.field)}`;
    case 'item': return `${operand(e.target, 10)}[${print(e.index)}]`;
    case 'cast': return `${e.try ? 'TRY_CAST' : 'CAST'}(${print(e.operand)} AS ${typeText(e.type)})`;
    case 'case': {
      const arms = e.branches.map((b) => `WHEN ${print(b.when)} THEN ${print(b.then)}`).join(' ');
      const otherwise = e.else.kind === 'literal' && e.else.value === null ? '' : ` ELSE ${print(e.else)}`;
      return `CASE ${arms}${otherwise} END`;
    }
    case 'and': return e.operands.map((o) => operand(o, 3)).join(' AND ');
    case 'or': return e.operands.map((o) => operand(o, 2)).join(' OR ');
    case 'not': return `NOT ${operand(e.operand, 4)}`;
    case 'is': return `${operand(e.operand, 5)} IS ${e.negated ? 'NOT ' : ''}${e.test.toUpperCase()}`;
    case 'is-distinct-from': return `${operand(e.left, 5)} IS ${e.negated ? 'NOT ' : ''}DISTINCT FROM ${operand(e.right, 5)}`;
    case 'in': return `${operand(e.operand, 5)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(print).join(', ')})`;
    case 'between':
      return `${operand(e.operand, 5)} ${e.negated ? 'NOT ' : ''}BETWEEN ${e.symmetric ? 'SYMMETRIC ' : ''}${operand(e.low, 5)} AND ${operand(e.high, 5)}`;
    case 'like': {
      const escape = e.escape === undefined ? '' : ` ESCAPE ${print(e.escape)}`;
      return `${operand(e.operand, 5)} ${e.negated ? 'NOT ' : ''}${e.similar ? 'SIMILAR TO' : 'LIKE'} ${operand(e.pattern, 5)}${escape}`;
    }
    case 'call': return callText(e.name, e.args);
  }
}

function callText(name: string, args: readonly Expr[]): string {
  const p = INFIX[name];
  if (p !== undefined && args.length === 2) return `${operand(args[0], p)} ${name} ${operand(args[1], p + 1)}`;
  if (name === '-' && args.length === 1) return `-${operand(args[0], 9)}`;
  const unit = (a: Expr) => (a.kind === 'literal' ? String(a.value) : print(a));
  switch (name) {
    case 'EXTRACT': return `EXTRACT(${unit(args[0])} FROM ${print(args[1])})`;
    case 'FLOOR': case 'CEIL':
      return args.length === 2 ? `${name}(${print(args[0])} TO ${unit(args[1])})` : `${name}(${print(args[0])})`;
    case 'TIMESTAMPADD': case 'TIMESTAMPDIFF': return `${name}(${unit(args[0])}, ${print(args[1])}, ${print(args[2])})`;
    case 'POSITION': return `POSITION(${print(args[0])} IN ${print(args[1])})`;
    case 'ARRAY': case 'MAP': return `${name}[${args.map(print).join(', ')}]`;
    case 'JSON_VALUE': case 'JSON_QUERY': return jsonCallText(name, args, print) ?? `${name}(${args.map(print).join(', ')})`;
    default:
      if (NILADIC.has(name) && args.length === 0) return name;
      return `${name}(${args.map(print).join(', ')})`;
  }
}

function literalText(value: unknown, type: DataType): string {
  if (value === null) return type.kind === 'NULL' ? 'NULL' : `CAST(NULL AS ${typeText(type)})`;
  switch (type.kind) {
    case 'CHAR': case 'VARCHAR': return quote(String(value));
    case 'BOOLEAN': return value ? 'TRUE' : 'FALSE';
    case 'DATE': return `DATE ${quote(formatDateText(value as number))}`;
    case 'TIME': return `TIME ${quote(formatTimeText(value as number, type.precision))}`;
    case 'TIMESTAMP': return `TIMESTAMP ${quote(formatTimestampText(value as number, type.precision))}`;
    case 'TIMESTAMP_LTZ': return `CAST(TIMESTAMP ${quote(formatTimestampText(value as number, type.precision))} AS ${typeText(type)})`;
    case 'INTERVAL_DAY_TIME': return `INTERVAL ${quote(formatIntervalText(value as number, type))} DAY TO SECOND(3)`;
    case 'INTERVAL_YEAR_MONTH': return `INTERVAL ${quote(formatIntervalText(value as number, type))} YEAR TO MONTH`;
    case 'BINARY': case 'VARBINARY':
      return `X'${[...(value as Uint8Array)].map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}'`;
    default:
      if (typeof value === 'number' || typeof value === 'bigint') return String(value);
      return `CAST(${quote(JSON.stringify(value))} AS ${typeText(type)})`;
  }
}
