import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDataType, parseExpression, parseStatement, printDataType, printExpr, printStatement, quoteIdent,
} from '../../../src/api/sql/index.ts';
import type { BinaryOp, Expr } from '../../../src/api/sql/index.ts';
import { strip } from './helpers.ts';

const pos = { line: 1, column: 1, offset: 0 };

/** A small seeded PRNG (mulberry32) so the generated expressions are the same every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPS: BinaryOp[] = ['OR', 'AND', '=', '<>', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||'];
const NAMES = ['a', 'b', 'value', 'end', 'my col'];

/** Random expressions of the shapes the parser produces, to check the printer's parentheses. */
function generate(random: () => number, depth: number): Expr {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const sub = () => generate(random, depth - 1);
  if (depth === 0 || random() < 0.2) {
    return pick<() => Expr>([
      () => ({ kind: 'Identifier', parts: [pick(NAMES)], pos }),
      () => ({ kind: 'NumericLiteral', text: pick(['1', '2.5', '0']), pos }),
      () => ({ kind: 'StringLiteral', value: pick(["x", "it's"]), pos }),
      () => ({ kind: 'BooleanLiteral', value: pick([true, false, null]), pos }),
      () => ({ kind: 'NullLiteral', pos }),
    ])();
  }
  const negated = random() < 0.5;
  return pick<() => Expr>([
    () => ({ kind: 'Binary', op: pick(OPS), left: sub(), right: sub(), pos }),
    () => ({ kind: 'Binary', op: pick(OPS), left: sub(), right: sub(), pos }),
    () => ({ kind: 'Unary', op: pick(['-', '+', 'NOT'] as const), operand: sub(), pos }),
    () => ({ kind: 'Is', operand: sub(), test: pick(['NULL', 'TRUE', 'FALSE', 'UNKNOWN'] as const), negated, pos }),
    () => ({ kind: 'IsDistinctFrom', left: sub(), right: sub(), negated, pos }),
    () => ({ kind: 'Between', operand: sub(), low: sub(), high: sub(), negated, symmetric: random() < 0.3, pos }),
    () => ({ kind: 'InList', operand: sub(), list: [sub(), sub()], negated, pos }),
    () => ({ kind: 'Like', op: pick(['LIKE', 'SIMILAR TO'] as const), operand: sub(), pattern: sub(), ...(random() < 0.5 ? { escape: sub() } : {}), negated, pos }),
    () => ({ kind: 'ItemAccess', target: { kind: 'Identifier', parts: [pick(NAMES)], pos }, index: sub(), pos }),
    () => ({ kind: 'FieldAccess', target: { kind: 'ItemAccess', target: sub(), index: sub(), pos }, field: pick(NAMES), pos }),
    () => ({ kind: 'FunctionCall', name: ['f'], args: [sub()], distinct: false, star: false, pos }),
    () => ({ kind: 'Case', whens: [{ when: sub(), then: sub() }], else: sub(), pos }),
  ])();
}

test('printed expressions re-parse to the same tree, with parentheses only where precedence needs them', () => {
  const random = rng(42);
  for (let k = 0; k < 1500; k++) {
    const e = generate(random, 4);
    const text = printExpr(e);
    let back: Expr;
    try {
      back = parseExpression(text);
    } catch (err) {
      throw new Error(`printed ${text} does not parse: ${(err as Error).message}`);
    }
    assert.deepEqual(strip(back), strip(e), text);
  }
});

test('the printer adds only the parentheses precedence requires', () => {
  const p = (sql: string) => printExpr(parseExpression(sql));
  assert.equal(p('((a + b)) * (c)'), '(a + b) * c');
  assert.equal(p('a + (b * c)'), 'a + b * c');
  assert.equal(p('(a - b) - c'), 'a - b - c');
  assert.equal(p('a - (b - c)'), 'a - (b - c)');
  assert.equal(p('2 * (3 + 4) / 5'), '2 * (3 + 4) / 5');
  assert.equal(p('(NOT a) = b'), '(NOT a) = b');
  assert.equal(p('NOT (a = b)'), 'NOT a = b');
  assert.equal(p('(a OR b) AND c'), '(a OR b) AND c');
  assert.equal(p('(a BETWEEN 1 AND 2) AND c'), 'a BETWEEN 1 AND 2 AND c');
  assert.equal(p('a BETWEEN (1 AND 2) AND c'), 'a BETWEEN (1 AND 2) AND c');
  assert.equal(p('-(-a)'), '- -a');
  assert.equal(p('(-a)[1]'), '(-a)[1]');
});

test('names that are keywords or not plain words are quoted with backticks', () => {
  assert.equal(quoteIdent('price'), 'price');
  assert.equal(quoteIdent('window_start'), 'window_start');
  assert.equal(quoteIdent('value'), '`value`');
  assert.equal(quoteIdent('Timestamp'), '`Timestamp`');
  assert.equal(quoteIdent('my col'), '`my col`');
  assert.equal(quoteIdent('a`b'), '`a``b`');
  assert.equal(quoteIdent('1abc'), '`1abc`');
  assert.equal(printExpr(parseExpression('LEFT(s, 2) || `ROW`(x)')), 'LEFT(s, 2) || `ROW`(x)');
});

test('data types print in Flink canonical form', () => {
  const p = (sql: string) => printDataType(parseDataType(sql));
  assert.equal(p('integer'), 'INT');
  assert.equal(p('INT ARRAY NOT NULL'), 'ARRAY<INT> NOT NULL');
  assert.equal(p('ROW(a INT, b STRING)'), 'ROW<a INT, b STRING>');
  assert.equal(p('TIMESTAMP(3) WITH LOCAL TIME ZONE'), 'TIMESTAMP_LTZ(3)');
  assert.equal(p('DOUBLE PRECISION'), 'DOUBLE');
  assert.equal(p('NUMERIC(10,2)'), 'DECIMAL(10, 2)');
  assert.equal(p('INTERVAL DAY(2) TO SECOND(3)'), 'INTERVAL DAY(2) TO SECOND(3)');
});

test('statements print canonically: upper-case keywords, AS before aliases, INNER as JOIN', () => {
  const p = (sql: string) => printStatement(parseStatement(sql));
  assert.equal(
    p("select symbol, tumble_start(ts, interval '1' hour) window_start from stock_data s inner join x on s.a = x.a"),
    "SELECT symbol, tumble_start(ts, INTERVAL '1' HOUR) AS window_start FROM stock_data AS s JOIN x ON s.a = x.a",
  );
  assert.equal(p("set 'a' = 'b';"), "SET 'a' = 'b'");
  assert.equal(p('select a from t fetch first 5 rows only'), 'SELECT a FROM t LIMIT 5');
  assert.equal(
    p("create table t (a int not null, ts timestamp(3), watermark for ts as ts - interval '5' second) with ('connector'='datagen')"),
    "CREATE TABLE t (\n  a INT NOT NULL,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND\n) WITH (\n  'connector' = 'datagen'\n)",
  );
});
