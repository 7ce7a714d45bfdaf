import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D, notNull, typeToString } from '../../../src/core/data-types.ts';
import {
  ExprTypeError, and, call, caseWhen, field, fieldAccess, isNull, item, numericLiteral, stringLiteral, udfCall,
} from '../../../src/plan/expr/index.ts';
import { compileExpr, compilePredicate, compileProjection, RUNTIME_HELPERS } from '../../../src/operators/expr/index.ts';

const trades = D.ROW([
  { name: 'symbol', type: D.STRING() },
  { name: 'price', type: D.DOUBLE() },
  { name: 'shares', type: D.INT() },
  { name: 'venue', type: notNull(D.STRING()) },
]);
const t = (name: string) => field(trades, name);
// price * shares > 10000 AND symbol = 'AAPL'
const bigApple = and(
  call('>', [call('*', [t('price'), t('shares')]), numericLiteral('10000')]),
  call('=', [t('symbol'), stringLiteral('AAPL')]),
);

test('the filter compiles to straight-line code: inlined field reads and operators, no interpreter', () => {
  const fn = compileExpr(bigApple, trades);
  assert.match(fn.source, /row\["price"\]/);
  assert.match(fn.source, /row\["shares"\]/);
  assert.match(fn.source, /\* f1|f0 \* f1/);
  assert.match(fn.source, /=== "AAPL"/);
  assert.doesNotMatch(fn.source, /\bfor\b|\bwhile\b|switch|\.kind|h_/, 'no loops, no dispatch on node kinds, no helper calls');
});

test('the filter gives SQL three-valued results', () => {
  const fn = compileExpr(bigApple, trades);
  assert.equal(fn({ symbol: 'AAPL', price: 101.5, shares: 150 }), true);
  assert.equal(fn({ symbol: 'AAPL', price: 1, shares: 150 }), false);
  assert.equal(fn({ symbol: 'MSFT', price: 101.5, shares: 150 }), false);
  assert.equal(fn({ symbol: 'AAPL', price: null, shares: 150 }), null, 'NULL AND TRUE is NULL');
  assert.equal(fn({ symbol: 'MSFT', price: null, shares: 150 }), false, 'NULL AND FALSE is FALSE');
  assert.equal(fn({ symbol: null, price: 101.5, shares: 150 }), null);
  assert.equal(fn({ symbol: 'AAPL', shares: 150 }), null, 'a missing field reads as NULL');
});

test('a predicate rejects NULL and FALSE alike', () => {
  const keep = compilePredicate(bigApple, trades);
  assert.equal(keep({ symbol: 'AAPL', price: 101.5, shares: 150 }), true);
  assert.equal(keep({ symbol: 'AAPL', price: null, shares: 150 }), false);
  assert.equal(keep({ symbol: 'MSFT', price: 101.5, shares: 150 }), false);
  assert.doesNotMatch(keep.source, /\bfor\b|\bwhile\b/);
  assert.match(keep.source, /&&/, 'conjuncts join with && in a predicate');
});

test('a projection of three fields builds the same object a hand-written function would', () => {
  const proj = compileProjection([
    { name: 'symbol', expr: t('symbol') },
    { name: 'value', expr: call('*', [t('price'), t('shares')]) },
    { name: 'venue', expr: call('LOWER', [t('venue')]) },
  ], trades);
  const handWritten = (r: Record<string, any>) => ({
    symbol: r.symbol ?? null,
    value: r.price == null || r.shares == null ? null : r.price * r.shares,
    venue: r.venue.toLowerCase(),
  });
  const rows = [
    { symbol: 'AAPL', price: 101.5, shares: 150, venue: 'NASDAQ' },
    { symbol: null, price: 2, shares: null, venue: 'NYSE' },
    { price: 3, shares: 4, venue: 'X' },
  ];
  for (const r of rows) assert.deepEqual(proj(r), handWritten(r));
  assert.deepEqual(Object.keys(proj(rows[0])), ['symbol', 'value', 'venue'], 'fields in declared order');
  assert.match(proj.source, /return \{ "symbol": .*, "value": .*, "venue": .* \};/);
  assert.doesNotMatch(proj.source, /row\["venue"\] \?\? null/, 'a NOT NULL field is read as is');
  assert.equal(typeToString(proj.outputType), 'ROW<`symbol` STRING, `value` DOUBLE, `venue` STRING NOT NULL>');
});

test('a field read twice is loaded once', () => {
  const fn = compileExpr(call('+', [t('shares'), t('shares')]), trades);
  assert.equal(fn.source.match(/row\["shares"\]/g)?.length, 1);
  assert.equal(fn({ shares: 21 }), 42);
});

test('a projection may name a field __proto__ without touching the prototype', () => {
  const proj = compileProjection([{ name: '__proto__', expr: t('shares') }], trades);
  const out = proj({ shares: 1 });
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.deepEqual(Object.keys(out), ['__proto__']);
});

test('expressions that use no helpers bind none; helper calls are bound once as constants', () => {
  const plain = compileExpr(call('+', [t('shares'), numericLiteral('1')]), trades);
  assert.doesNotMatch(plain.source, /const h_/);
  const withHelper = compileExpr(call('SUBSTRING', [t('symbol'), numericLiteral('2')]), trades);
  assert.match(withHelper.source, /const h_substring = h\.substring;/);
  assert.equal(withHelper({ symbol: 'AAPL' }), 'APL');
  assert.equal(typeof RUNTIME_HELPERS.substring, 'function');
});

test('compiling a field the input does not have fails with the field list', () => {
  const other = D.ROW([{ name: 'x', type: D.INT() }]);
  assert.throws(() => compileExpr(t('price'), other), { name: 'ExprTypeError', message: "unknown field 'price' (the input has x)" });
});

test('nested field and item access give NULL for missing values', () => {
  const nested = D.ROW([
    { name: 'r', type: D.ROW([{ name: 'city', type: D.STRING() }]) },
    { name: 'tags', type: D.ARRAY(D.STRING()) },
    { name: 'attrs', type: D.MAP(D.STRING(), D.INT()) },
  ]);
  const city = compileExpr(fieldAccess(field(nested, 'r'), 'city'), nested);
  assert.equal(city({ r: { city: 'Oslo' } }), 'Oslo');
  assert.equal(city({ r: {} }), null);
  assert.equal(city({ r: null }), null);
  const tag = (i: string) => compileExpr(item(field(nested, 'tags'), numericLiteral(i)), nested);
  assert.equal(tag('1')({ tags: ['a', 'b'] }), 'a', 'arrays are 1-based');
  assert.equal(tag('3')({ tags: ['a', 'b'] }), null);
  assert.equal(tag('0')({ tags: ['a', 'b'] }), null);
  const attr = compileExpr(item(field(nested, 'attrs'), stringLiteral('k')), nested);
  assert.equal(attr({ attrs: { k: 7 } }), 7);
  assert.equal(attr({ attrs: new Map([['k', 8]]) }), 8, 'a JavaScript Map is accepted too');
  assert.equal(attr({ attrs: { other: 1 } }), null);
  assert.equal(attr({ attrs: {} }), null);
});

test('user-defined functions are called only with non-null arguments', () => {
  let calls = 0;
  const twice = udfCall('twice', (x: number) => { calls++; return x * 2; }, [t('shares')], D.INT());
  const fn = compileExpr(twice, trades);
  assert.equal(fn({ shares: 4 }), 8);
  assert.equal(fn({ shares: null }), null);
  assert.equal(calls, 1);
  const undef = compileExpr(udfCall('nothing', () => undefined, [t('shares')], D.INT()), trades);
  assert.equal(undef({ shares: 1 }), null, 'undefined results become NULL');
});

test('the generated source is inspectable and the function is reusable across rows', () => {
  const e = caseWhen([{ when: isNull(t('price')), then: stringLiteral('none') }], call('UPPER', [t('symbol')]));
  const fn = compileExpr(e, trades);
  assert.match(fn.source, /^'use strict';/);
  assert.match(fn.source, /function expr\(row\)/);
  assert.deepEqual([{ price: null }, { price: 1, symbol: 'ab' }, { price: 1, symbol: null }].map(fn), ['none', 'AB', null]);
  assert.ok(new ExprTypeError('x') instanceof Error);
});
