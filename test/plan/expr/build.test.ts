import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D, notNull, typeToString } from '../../../src/core/data-types.ts';
import {
  ExprTypeError, and, between, booleanLiteral, call, cast, caseWhen, childrenOf, coerceTo, exprToString, field,
  fieldAccess, inList, is, isDistinctFrom, isNotNull, item, like, not, nullLiteral, numericLiteral, or, referencedFields,
  rowOf, simpleCase, stringLiteral, timeUnit, udfCall,
} from '../../../src/plan/expr/index.ts';

const t = D.ROW([
  { name: 'price', type: D.DOUBLE() },
  { name: 'shares', type: notNull(D.INT()) },
  { name: 'symbol', type: D.STRING() },
  { name: 'd', type: D.DATE() },
  { name: 'ts', type: D.TIMESTAMP(3) },
  { name: 'flag', type: D.BOOLEAN() },
  { name: 'addr', type: D.ROW([{ name: 'city', type: notNull(D.STRING()) }]) },
  { name: 'tags', type: D.ARRAY(D.STRING()) },
  { name: 'attrs', type: D.MAP(D.STRING(), D.INT()) },
]);
const typeOf = (e: { type: Parameters<typeof typeToString>[0] }) => typeToString(e.type);

test('fields resolve against the input row type, and unknown names list what exists', () => {
  assert.equal(typeOf(field(t, 'shares')), 'INT NOT NULL');
  assert.throws(() => field(t, 'Price'), { name: 'ExprTypeError', message: /unknown field 'Price' \(the input has price, shares, symbol/ });
});

test('nested field and item access', () => {
  const city = fieldAccess(field(t, 'addr'), 'city');
  assert.equal(typeOf(city), 'STRING', 'a NOT NULL field of a nullable row is nullable');
  assert.throws(() => fieldAccess(field(t, 'addr'), 'zip'), /no field 'zip' in ROW<`city` STRING NOT NULL>/);
  assert.throws(() => fieldAccess(field(t, 'price'), 'x'), /cannot access field 'x' of DOUBLE/);
  assert.equal(typeOf(item(field(t, 'tags'), numericLiteral('1'))), 'STRING');
  assert.equal(typeOf(item(field(t, 'attrs'), stringLiteral('k'))), 'INT');
  assert.throws(() => item(field(t, 'tags'), stringLiteral('k')), /cannot apply 'ITEM' to ARRAY<STRING> and CHAR\(1\)/);
});

test('comparing a DATE with a TIMESTAMP casts the DATE; text compared with a TIMESTAMP is cast too', () => {
  const cmp = call('<', [field(t, 'd'), field(t, 'ts')]);
  assert.equal(exprToString(cmp), 'CAST(d AS TIMESTAMP(3)) < ts');
  const text = call('>', [field(t, 'ts'), stringLiteral('2024-01-01 00:00:00')]);
  assert.equal(exprToString(text), "ts > CAST('2024-01-01 00:00:00' AS TIMESTAMP(3))");
  const widening = call('=', [field(t, 'shares'), field(t, 'price')]);
  assert.equal(exprToString(widening), 'shares = price', 'INT → DOUBLE needs no cast: both are numbers');
  assert.equal(coerceTo(field(t, 'shares'), D.BIGINT()).kind, 'field');
});

test('calls resolve aliases and reject unknown functions', () => {
  assert.equal(call('ceiling', [field(t, 'price')]).name, 'CEIL');
  assert.throws(() => call('frobnicate', []), { name: 'ExprTypeError', message: "unknown function 'frobnicate'" });
  assert.equal(typeOf(call('EXTRACT', [timeUnit('YEAR'), field(t, 'ts')])), 'BIGINT');
  assert.ok(Object.isFrozen(call('UPPER', [field(t, 'symbol')])));
});

test('CAST checks castability and TRY_CAST is nullable', () => {
  assert.equal(typeOf(cast(field(t, 'shares'), D.STRING())), 'STRING NOT NULL');
  assert.equal(typeOf(cast(field(t, 'shares'), D.STRING(), true)), 'STRING');
  assert.throws(() => cast(field(t, 'd'), D.INT()), { message: 'CAST: cannot cast DATE to INT' });
});

test('CASE takes the common type of its results; without ELSE it is nullable', () => {
  const c = caseWhen([{ when: call('>', [field(t, 'price'), numericLiteral('1')]), then: field(t, 'shares') }], numericLiteral('2.5'));
  assert.equal(typeOf(c), 'DECIMAL(11, 1) NOT NULL');
  const noElse = caseWhen([{ when: booleanLiteral(true), then: field(t, 'shares') }]);
  assert.equal(typeOf(noElse), 'INT');
  assert.throws(() => caseWhen([{ when: field(t, 'price'), then: field(t, 'shares') }]), /cannot apply 'CASE WHEN' to DOUBLE/);
  assert.throws(() => caseWhen([{ when: booleanLiteral(true), then: field(t, 'shares') }], stringLiteral('x')), /cannot apply 'CASE' to INT/);
});

test('simple CASE desugars to searched CASE with equality', () => {
  const c = simpleCase(field(t, 'shares'), [{ value: numericLiteral('1'), then: stringLiteral('one') }], stringLiteral('many'));
  assert.equal(exprToString(c), "CASE WHEN shares = 1 THEN 'one' ELSE 'many' END");
});

test('AND/OR flatten and demand booleans; IS never gives NULL', () => {
  const p = call('>', [field(t, 'price'), numericLiteral('1')]);
  const a = and(p, and(field(t, 'flag'), booleanLiteral(true)));
  assert.equal(a.operands.length, 3);
  assert.equal(typeOf(a), 'BOOLEAN');
  assert.throws(() => and(p, field(t, 'price')), /cannot apply 'AND' to BOOLEAN and DOUBLE/);
  assert.throws(() => or(p), /at least two/);
  assert.throws(() => not(field(t, 'shares')), /cannot apply 'NOT' to INT/);
  assert.equal(typeOf(isNotNull(field(t, 'price'))), 'BOOLEAN NOT NULL');
  assert.throws(() => is(field(t, 'price'), 'true'), /IS TRUE/);
  assert.equal(typeOf(isDistinctFrom(field(t, 'd'), field(t, 'ts'))), 'BOOLEAN NOT NULL');
});

test('IN, BETWEEN and LIKE type-check their operands', () => {
  const i = inList(field(t, 'shares'), [numericLiteral('1'), numericLiteral('2.5')]);
  assert.equal(typeOf(i), 'BOOLEAN NOT NULL');
  assert.equal(typeOf(inList(field(t, 'shares'), [nullLiteral()])), 'BOOLEAN');
  assert.throws(() => inList(field(t, 'shares'), [stringLiteral('x')]), /cannot apply 'IN' to INT NOT NULL|cannot apply 'IN' to INT and CHAR/);
  assert.equal(typeOf(between(field(t, 'price'), numericLiteral('1'), numericLiteral('2'))), 'BOOLEAN');
  assert.throws(() => between(field(t, 'price'), stringLiteral('a'), numericLiteral('2')), /BETWEEN/);
  assert.equal(typeOf(like(field(t, 'symbol'), stringLiteral('A%'))), 'BOOLEAN');
  assert.throws(() => like(field(t, 'price'), stringLiteral('A%')), /cannot apply 'LIKE' to DOUBLE/);
  assert.throws(() => like(field(t, 'symbol'), stringLiteral('A%'), { escape: stringLiteral('!!') }), /escape must be one character/);
});

test('rowOf names the fields; UDF calls carry their function', () => {
  const r = rowOf([{ name: 'x', expr: field(t, 'shares') }, { name: 'y', expr: field(t, 'symbol') }]);
  assert.equal(typeOf(r), 'ROW<`x` INT NOT NULL, `y` STRING> NOT NULL');
  const u = udfCall('twice', (x: number) => x * 2, [field(t, 'shares')], D.INT());
  assert.equal(u.udf?.deterministic, true);
  assert.equal(exprToString(u), 'twice(shares)');
});

test('children and referenced fields walk the tree', () => {
  const e = and(call('>', [call('*', [field(t, 'price'), field(t, 'shares')]), numericLiteral('10')]), call('=', [field(t, 'symbol'), field(t, 'symbol')]));
  assert.deepEqual(referencedFields(e), ['price', 'shares', 'symbol']);
  assert.equal(childrenOf(e).length, 2);
  assert.ok(ExprTypeError.prototype instanceof Error);
});
