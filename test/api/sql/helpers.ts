import assert from 'node:assert/strict';
import { parseScript, printScript, SqlParseError } from '../../../src/api/sql/index.ts';
import type { Expr, Statement } from '../../../src/api/sql/index.ts';

/** A copy of an AST without `pos` fields (and without keys whose value is undefined). */
export function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'pos' && value !== undefined) out[key] = strip(value);
  }
  return out;
}

/** Parses, prints, re-parses: the two ASTs must match and printing must be a fixed point. */
export function assertRoundTrip(sql: string): Statement[] {
  const first = parseScript(sql);
  const printed = printScript(first);
  let second: Statement[];
  try {
    second = parseScript(printed);
  } catch (e) {
    throw new Error(`printed SQL does not parse:\n${printed}\n${(e as Error).message}`);
  }
  assert.deepEqual(strip(second), strip(first), `round trip changed the AST; printed:\n${printed}`);
  assert.equal(printScript(second), printed, 'printing is not a fixed point');
  return first;
}

/** Runs `fn`, which must throw a SqlParseError, and returns it. */
export function parseError(fn: () => unknown): SqlParseError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlParseError) return e;
    throw e;
  }
  assert.fail('expected a SqlParseError');
}

/** Every object in the tree that has a `pos`. */
export function* positioned(node: unknown): Generator<{ pos: { line: number; column: number; offset: number } }> {
  if (Array.isArray(node)) {
    for (const item of node) yield* positioned(item);
  } else if (node !== null && typeof node === 'object') {
    if ('pos' in node) yield node as { pos: { line: number; column: number; offset: number } };
    for (const [key, value] of Object.entries(node)) if (key !== 'pos') yield* positioned(value);
  }
}

/**
 * A compact prefix rendering of an expression tree for precedence assertions:
 * `a OR b AND NOT c = d` → `(OR a (AND b (NOT (= c d))))`.
 */
export function shape(e: Expr): string {
  switch (e.kind) {
    case 'Identifier': return e.parts.join('.');
    case 'NumericLiteral': return e.text;
    case 'StringLiteral': return `'${e.value}'`;
    case 'BooleanLiteral': return String(e.value ?? 'unknown');
    case 'NullLiteral': return 'null';
    case 'Binary': return `(${e.op} ${shape(e.left)} ${shape(e.right)})`;
    case 'Unary': return `(${e.op} ${shape(e.operand)})`;
    case 'Is': return `(IS${e.negated ? '-NOT' : ''}-${e.test} ${shape(e.operand)})`;
    case 'IsDistinctFrom': return `(${e.negated ? 'NOT-' : ''}DISTINCT ${shape(e.left)} ${shape(e.right)})`;
    case 'Between': return `(${e.negated ? 'NOT-' : ''}BETWEEN ${shape(e.operand)} ${shape(e.low)} ${shape(e.high)})`;
    case 'InList': return `(${e.negated ? 'NOT-' : ''}IN ${shape(e.operand)} [${e.list.map(shape).join(' ')}])`;
    case 'Like': return `(${e.negated ? 'NOT-' : ''}${e.op} ${shape(e.operand)} ${shape(e.pattern)}${e.escape ? ` ${shape(e.escape)}` : ''})`;
    case 'ItemAccess': return `(ITEM ${shape(e.target)} ${shape(e.index)})`;
    case 'FieldAccess': return `(FIELD ${shape(e.target)} ${e.field})`;
    case 'FunctionCall': {
      const args = e.star ? '*' : e.args.map(shape).join(' ');
      return `(${e.name.join('.')}${e.distinct ? ' DISTINCT' : ''}${args ? ` ${args}` : ''}${e.filter ? ` FILTER ${shape(e.filter)}` : ''}${e.over ? ' OVER' : ''})`;
    }
    case 'RowConstructor': return `(ROW ${e.fields.map(shape).join(' ')})`;
    default: return e.kind;
  }
}
