import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpression } from '../../../src/api/sql/index.ts';
import type { Expr, FunctionCall } from '../../../src/api/sql/index.ts';
import { shape, strip } from './helpers.ts';

const s = (sql: string) => shape(parseExpression(sql));

test('NOT binds looser than comparison and tighter than AND, which binds tighter than OR', () => {
  assert.equal(s('a OR b AND NOT c = d'), '(OR a (AND b (NOT (= c d))))');
  assert.equal(s('NOT a AND b'), '(AND (NOT a) b)');
  assert.equal(s('a AND b OR c AND d'), '(OR (AND a b) (AND c d))');
  assert.equal(s('NOT NOT a'), '(NOT (NOT a))');
});

test('unary minus binds tighter than * but looser than [ ] and field access', () => {
  assert.equal(s('-x * y'), '(* (- x) y)');
  assert.equal(s('-x[1]'), '(- (ITEM x 1))');
  assert.equal(s('-a.b + c'), '(+ (- a.b) c)');
  assert.equal(s('a - -b'), '(- a (- b))');
  assert.equal(s('- - 2'), '(- (- 2))');
});

test('arithmetic is left-associative with * / % and || above + -', () => {
  assert.equal(s('a - b - c'), '(- (- a b) c)');
  assert.equal(s('a + b * c'), '(+ a (* b c))');
  assert.equal(s('a / b % c'), '(% (/ a b) c)');
  assert.equal(s("a || b || 'x'"), "(|| (|| a b) 'x')");
  assert.equal(s('(a + b) * c'), '(* (+ a b) c)');
});

test('BETWEEN takes its own AND, leaving a following AND to the logic', () => {
  assert.equal(s('a BETWEEN 1 AND 2 AND c'), '(AND (BETWEEN a 1 2) c)');
  assert.equal(s('a NOT BETWEEN b + 1 AND c * 2 OR d'), '(OR (NOT-BETWEEN a (+ b 1) (* c 2)) d)');
  const between = parseExpression('x BETWEEN SYMMETRIC 5 AND 1');
  assert.equal(between.kind === 'Between' && between.symmetric, true);
});

test('NOT in front of IN negates the whole predicate; NOT IN is the negated predicate', () => {
  assert.equal(s('NOT a IN (1, 2)'), '(NOT (IN a [1 2]))');
  assert.equal(s('a NOT IN (1, 2)'), '(NOT-IN a [1 2])');
  assert.equal(s("a NOT LIKE 'x%' ESCAPE '!'"), "(NOT-LIKE a 'x%' '!')");
  assert.equal(s("a SIMILAR TO 'b' AND c"), "(AND (SIMILAR TO a 'b') c)");
});

test('IS [NOT] DISTINCT FROM and IS tests bind looser than comparison', () => {
  assert.equal(s('x IS NOT DISTINCT FROM y'), '(NOT-DISTINCT x y)');
  assert.equal(s('x IS DISTINCT FROM y + 1'), '(DISTINCT x (+ y 1))');
  assert.equal(s('a = b IS TRUE'), '(IS-TRUE (= a b))');
  assert.equal(s('NOT a IS NULL'), '(NOT (IS-NULL a))');
  assert.equal(s('a IS NOT UNKNOWN OR b IS FALSE'), '(OR (IS-NOT-UNKNOWN a) (IS-FALSE b))');
});

test('comparison operators normalise != to <>', () => {
  assert.equal(s('a != b'), '(<> a b)');
  assert.equal(s('a <= b AND c >= d'), '(AND (<= a b) (>= c d))');
});

test('a window function is an operand anywhere in an expression', () => {
  const e = parseExpression('a + SUM(b) OVER (PARTITION BY c ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW) * 2');
  assert.equal(shape(e), '(+ a (* (SUM b OVER) 2))');
  const call = ((e as Extract<Expr, { kind: 'Binary' }>).right as Extract<Expr, { kind: 'Binary' }>).left as FunctionCall;
  assert.ok(call.over?.kind === 'WindowSpec');
  assert.deepEqual(strip(call.over), strip({
    kind: 'WindowSpec',
    partitionBy: [{ kind: 'Identifier', parts: ['c'] }],
    orderBy: [{ expr: { kind: 'Identifier', parts: ['ts'] } }],
    frame: { unit: 'ROWS', start: { type: 'PRECEDING', offset: { kind: 'NumericLiteral', text: '10' } }, end: { type: 'CURRENT ROW' } },
  }));
  const named = parseExpression('COUNT(*) OVER w') as FunctionCall;
  assert.deepEqual(strip(named.over), { kind: 'WindowName', name: 'w' });
});

test('FILTER (WHERE …) attaches to the aggregate, before OVER', () => {
  assert.equal(s('count(DISTINCT bidder) FILTER (WHERE price < 10000)'), '(count DISTINCT bidder FILTER (< price 10000))');
  assert.equal(s('COUNT(*) FILTER (WHERE a) OVER (ORDER BY ts) / 2'), '(/ (COUNT * FILTER a OVER) 2)');
  // a column may still be called filter
  assert.equal(s('filter + 1'), '(+ filter 1)');
});

test('literals keep their exact text and unescape strings', () => {
  assert.deepEqual(strip(parseExpression('0.908')), { kind: 'NumericLiteral', text: '0.908' });
  assert.deepEqual(strip(parseExpression('2.5E-3')), { kind: 'NumericLiteral', text: '2.5E-3' });
  assert.deepEqual(strip(parseExpression("'it''s'")), { kind: 'StringLiteral', value: "it's" });
  assert.deepEqual(strip(parseExpression('UNKNOWN')), { kind: 'BooleanLiteral', value: null });
  assert.deepEqual(strip(parseExpression("x'0fA2'")), { kind: 'BinaryLiteral', hex: '0FA2' });
  assert.deepEqual(strip(parseExpression("TIMESTAMP '2024-01-31 10:00:00'")), { kind: 'DateTimeLiteral', type: 'TIMESTAMP', value: '2024-01-31 10:00:00' });
});

test('interval literals carry the qualifier, normalising plural units', () => {
  assert.deepEqual(strip(parseExpression("INTERVAL '10' MINUTES")), { kind: 'IntervalLiteral', negative: false, value: '10', qualifier: { start: 'MINUTE' } });
  assert.deepEqual(strip(parseExpression("INTERVAL '1 10' DAY TO HOUR")), { kind: 'IntervalLiteral', negative: false, value: '1 10', qualifier: { start: 'DAY', end: 'HOUR' } });
  assert.deepEqual(strip(parseExpression("INTERVAL '100' HOUR(3)")), { kind: 'IntervalLiteral', negative: false, value: '100', qualifier: { start: 'HOUR', startPrecision: 3 } });
  assert.deepEqual(strip(parseExpression("INTERVAL -'5' SECOND")), { kind: 'IntervalLiteral', negative: true, value: '5', qualifier: { start: 'SECOND' } });
});

test('keywords that Flink leaves unreserved name columns where no literal follows', () => {
  assert.equal(s("value + timestamp + date + time + window_start + `key`"), '(+ (+ (+ (+ (+ value timestamp) date) time) window_start) key)');
  assert.equal(parseExpression("date '2024-01-01'").kind, 'DateTimeLiteral');
  assert.equal(parseExpression('t.end').kind, 'Identifier');
});

test('names, fields and items: a.b.c is one identifier, other postfix targets are accesses', () => {
  assert.deepEqual(strip(parseExpression('cat.db.t.col')), { kind: 'Identifier', parts: ['cat', 'db', 't', 'col'] });
  assert.equal(s("m['k'].f[1]"), "(ITEM (FIELD (ITEM m 'k') f) 1)");
  assert.equal(s('f(x).g'), '(FIELD (f x) g)');
  assert.equal(s('`my col`'), 'my col');
});

test('special forms parse into dedicated nodes', () => {
  const kinds = (sql: string) => parseExpression(sql).kind;
  assert.equal(kinds('EXTRACT(YEAR FROM ts)'), 'Extract');
  assert.equal(kinds('FLOOR(ts TO HOUR)'), 'FloorCeil');
  assert.equal(kinds('FLOOR(x)'), 'FunctionCall');
  assert.equal(kinds('TIMESTAMPADD(HOUR, 2, ts)'), 'TimestampAdd');
  assert.equal(kinds('TIMESTAMPDIFF(DAY, a, b)'), 'TimestampDiff');
  assert.equal(kinds("POSITION('a' IN s)"), 'Position');
  assert.equal(kinds('CURRENT_TIMESTAMP'), 'NiladicCall');
  assert.equal(kinds('DESCRIPTOR(ts)'), 'Descriptor');
  assert.deepEqual(strip(parseExpression("TRIM(LEADING 'x' FROM s)")), {
    kind: 'Trim', side: 'LEADING', chars: { kind: 'StringLiteral', value: 'x' }, source: { kind: 'Identifier', parts: ['s'] },
  });
  // both SUBSTRING spellings give the same node
  assert.deepEqual(strip(parseExpression('SUBSTRING(s FROM 2 FOR 3)')), strip(parseExpression('SUBSTRING(s, 2, 3)')));
  assert.deepEqual(strip(parseExpression("MAP['a', 1, 'b', 2]")), {
    kind: 'MapConstructor',
    entries: [
      { key: { kind: 'StringLiteral', value: 'a' }, value: { kind: 'NumericLiteral', text: '1' } },
      { key: { kind: 'StringLiteral', value: 'b' }, value: { kind: 'NumericLiteral', text: '2' } },
    ],
  });
});

test('CASE, CAST and subqueries', () => {
  const simple = parseExpression("CASE a WHEN 1 THEN 'x' ELSE 'y' END");
  assert.ok(simple.kind === 'Case' && simple.operand !== undefined && simple.whens.length === 1 && simple.else !== undefined);
  const cast = parseExpression('TRY_CAST(a AS DECIMAL(10, 2) NOT NULL)');
  assert.ok(cast.kind === 'Cast' && cast.try);
  assert.deepEqual(strip(cast.type), { kind: 'AtomicType', name: 'DECIMAL', precision: 10, scale: 2, notNull: true });
  assert.equal(parseExpression('(SELECT 1)').kind, 'Subquery');
  assert.equal(parseExpression('EXISTS (SELECT 1)').kind, 'Exists');
  assert.equal(parseExpression('a IN (SELECT b FROM t)').kind, 'InSubquery');
  assert.equal(s('((SELECT 1) + 1)').startsWith('(+ Subquery 1'), true);
});

test('every expression node records where it starts', () => {
  const e = parseExpression('a +\n  SUM(b)');
  assert.deepEqual(e.pos, { line: 1, column: 1, offset: 0 });
  const right = (e as Extract<Expr, { kind: 'Binary' }>).right;
  assert.deepEqual(right.pos, { line: 2, column: 3, offset: 6 });
});
