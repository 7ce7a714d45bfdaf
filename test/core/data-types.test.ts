import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DataTypes as D, MAX_LENGTH, asNullable, canCast, canCastImplicitly, isApproximateNumeric, isBinary, isCharacter,
  isComparable, isConstructed, isExactNumeric, isIntegral, isInterval, isNumeric, isTemporal, isTimestamp,
  leastRestrictive, notNull, typeToString, typesEqual, withNullability, type DataType,
} from '../../src/core/data-types.ts';

const row = D.ROW([{ name: 'a', type: D.INT() }, { name: 'b', type: notNull(D.STRING()) }]);

test('types print in Flink spelling, NOT NULL included', () => {
  const cases: [DataType, string][] = [
    [D.BOOLEAN(), 'BOOLEAN'],
    [notNull(D.BIGINT()), 'BIGINT NOT NULL'],
    [D.DECIMAL(10, 2), 'DECIMAL(10, 2)'],
    [D.DECIMAL(), 'DECIMAL(10, 0)'],
    [D.CHAR(3), 'CHAR(3)'],
    [D.VARCHAR(20), 'VARCHAR(20)'],
    [D.STRING(), 'STRING'],
    [D.BYTES(), 'BYTES'],
    [D.BINARY(4), 'BINARY(4)'],
    [D.TIME(), 'TIME(0)'],
    [D.TIMESTAMP(3), 'TIMESTAMP(3)'],
    [D.TIMESTAMP(), 'TIMESTAMP(6)'],
    [D.TIMESTAMP_LTZ(3), 'TIMESTAMP_LTZ(3)'],
    [D.INTERVAL('DAY', 'SECOND', { fractionalPrecision: 3 }), 'INTERVAL DAY(2) TO SECOND(3)'],
    [D.INTERVAL('SECOND', 'SECOND', { fractionalPrecision: 3 }), 'INTERVAL SECOND(3)'],
    [D.INTERVAL('HOUR', 'MINUTE'), 'INTERVAL HOUR TO MINUTE'],
    [D.INTERVAL('YEAR', 'MONTH'), 'INTERVAL YEAR(2) TO MONTH'],
    [D.INTERVAL('MONTH'), 'INTERVAL MONTH'],
    [D.ARRAY(notNull(D.INT())), 'ARRAY<INT NOT NULL>'],
    [D.MULTISET(D.STRING()), 'MULTISET<STRING>'],
    [D.MAP(D.STRING(), D.BIGINT()), 'MAP<STRING, BIGINT>'],
    [row, 'ROW<`a` INT, `b` STRING NOT NULL>'],
    [D.ROW([{ name: 'we`ird', type: D.INT(), description: "it's" }]), "ROW<`we``ird` INT 'it''s'>"],
    [D.NULL(), 'NULL'],
  ];
  for (const [type, text] of cases) assert.equal(typeToString(type), text);
});

test('types are frozen plain data that compare structurally', () => {
  assert.ok(Object.isFrozen(D.INT()));
  assert.ok(typesEqual(D.STRING(), D.VARCHAR(MAX_LENGTH)));
  assert.ok(!typesEqual(D.INT(), notNull(D.INT())));
  assert.ok(typesEqual(D.INT(), notNull(D.INT()), true));
  assert.ok(typesEqual(row, structuredClone(row)));
  assert.ok(!typesEqual(row, D.ROW([{ name: 'a', type: D.INT() }, { name: 'c', type: notNull(D.STRING()) }])));
  assert.ok(!typesEqual(D.DECIMAL(10, 2), D.DECIMAL(10, 3)));
  assert.equal(asNullable(notNull(D.INT())).nullable, true);
  assert.equal(withNullability(D.NULL(), false).nullable, true, 'the NULL type stays nullable');
});

test('mixing year-month and day-time units in an interval type is rejected', () => {
  assert.throws(() => D.INTERVAL('DAY', 'MONTH'), /mixes/);
});

test('family predicates', () => {
  assert.ok(isNumeric(D.DECIMAL()) && isNumeric(D.TINYINT()) && !isNumeric(D.STRING()));
  assert.ok(isIntegral(D.BIGINT()) && !isIntegral(D.DECIMAL(10, 0)));
  assert.ok(isExactNumeric(D.DECIMAL()) && !isExactNumeric(D.DOUBLE()));
  assert.ok(isApproximateNumeric(D.FLOAT()) && !isApproximateNumeric(D.INT()));
  assert.ok(isCharacter(D.CHAR(1)) && !isCharacter(D.BYTES()));
  assert.ok(isBinary(D.BINARY(2)));
  assert.ok(isTemporal(D.DATE()) && isTemporal(D.TIME()) && isTemporal(D.TIMESTAMP_LTZ(3)) && !isTemporal(D.INTERVAL('DAY')));
  assert.ok(isTimestamp(D.TIMESTAMP(3)) && !isTimestamp(D.DATE()));
  assert.ok(isInterval(D.INTERVAL('YEAR')));
  assert.ok(isConstructed(D.MAP(D.INT(), D.INT())) && !isConstructed(D.STRING()));
  assert.ok(isComparable(D.DATE()) && !isComparable(row));
});

test('leastRestrictive widens as Flink does', () => {
  const cases: [DataType[], string | undefined][] = [
    [[D.TINYINT(), D.SMALLINT()], 'SMALLINT'],
    [[notNull(D.INT()), notNull(D.BIGINT())], 'BIGINT NOT NULL'],
    [[notNull(D.INT()), D.BIGINT()], 'BIGINT'],
    [[D.INT(), D.DOUBLE()], 'DOUBLE'],
    [[D.BIGINT(), D.FLOAT()], 'FLOAT'],
    [[D.FLOAT(), D.DOUBLE()], 'DOUBLE'],
    [[D.DECIMAL(5, 2), D.INT()], 'DECIMAL(12, 2)'],
    [[D.DECIMAL(5, 2), D.DECIMAL(10, 4)], 'DECIMAL(10, 4)'],
    [[D.DECIMAL(10, 2), D.DOUBLE()], 'DOUBLE'],
    [[D.CHAR(3), D.CHAR(3)], 'CHAR(3)'],
    [[D.CHAR(3), D.CHAR(5)], 'VARCHAR(5)'],
    [[D.CHAR(3), D.VARCHAR(10)], 'VARCHAR(10)'],
    [[D.CHAR(3), D.STRING()], 'STRING'],
    [[D.DATE(), D.TIMESTAMP(3)], 'TIMESTAMP(3)'],
    [[D.TIMESTAMP(0), D.TIMESTAMP_LTZ(3)], 'TIMESTAMP_LTZ(3)'],
    [[D.NULL(), notNull(D.INT())], 'INT'],
    [[D.NULL(), D.NULL()], 'NULL'],
    [[D.ARRAY(D.INT()), D.ARRAY(D.BIGINT())], 'ARRAY<BIGINT>'],
    [[D.MAP(D.STRING(), D.INT()), D.MAP(D.STRING(), D.DOUBLE())], 'MAP<STRING, DOUBLE>'],
    [[D.INTERVAL('SECOND'), D.INTERVAL('DAY', 'HOUR')], 'INTERVAL DAY(2) TO SECOND(6)'],
    [[D.INT(), D.STRING()], undefined],
    [[D.BOOLEAN(), D.INT()], undefined],
    [[D.TIME(), D.DATE()], undefined],
    [[D.INTERVAL('MONTH'), D.INTERVAL('DAY')], undefined],
  ];
  for (const [types, expected] of cases) {
    const result = leastRestrictive(types);
    assert.equal(result === undefined ? undefined : typeToString(result), expected, types.map(typeToString).join(', '));
  }
});

test('rows widen field by field and keep the first row\'s names', () => {
  const a = D.ROW([{ name: 'x', type: D.INT() }]);
  const b = D.ROW([{ name: 'y', type: D.BIGINT() }]);
  assert.equal(typeToString(leastRestrictive([a, b]) as DataType), 'ROW<`x` BIGINT>');
  assert.equal(leastRestrictive([a, D.ROW([])]), undefined);
});

test('implicit casts: widening only', () => {
  const yes: [DataType, DataType][] = [
    [D.INT(), D.BIGINT()], [D.INT(), D.DOUBLE()], [D.BIGINT(), D.DECIMAL(20, 0)], [D.DECIMAL(5, 2), D.DOUBLE()],
    [D.CHAR(3), D.STRING()], [D.BINARY(2), D.BYTES()], [D.DATE(), D.TIMESTAMP(3)], [D.TIMESTAMP(3), D.TIMESTAMP_LTZ(3)],
    [D.NULL(), D.ARRAY(D.INT())], [D.ARRAY(D.INT()), D.ARRAY(D.BIGINT())], [D.INTERVAL('SECOND'), D.INTERVAL('DAY')],
  ];
  const no: [DataType, DataType][] = [
    [D.BIGINT(), D.INT()], [D.DOUBLE(), D.DECIMAL(10, 2)], [D.STRING(), D.INT()], [D.INT(), D.STRING()],
    [D.STRING(), D.CHAR(3)], [D.TIMESTAMP(3), D.DATE()], [D.BOOLEAN(), D.INT()], [D.ARRAY(D.BIGINT()), D.ARRAY(D.INT())],
  ];
  for (const [a, b] of yes) assert.ok(canCastImplicitly(a, b), `${typeToString(a)} → ${typeToString(b)}`);
  for (const [a, b] of no) assert.ok(!canCastImplicitly(a, b), `${typeToString(a)} ↛ ${typeToString(b)}`);
});

test('explicit casts follow Flink\'s matrix', () => {
  const yes: [DataType, DataType][] = [
    [D.STRING(), D.INT()], [D.STRING(), D.BOOLEAN()], [D.STRING(), D.DECIMAL(10, 2)], [D.STRING(), D.DATE()],
    [D.STRING(), D.TIME()], [D.STRING(), D.TIMESTAMP(3)], [D.STRING(), D.BYTES()], [D.DOUBLE(), D.INT()],
    [D.INT(), D.BOOLEAN()], [D.BOOLEAN(), D.INT()], [D.BIGINT(), D.TIMESTAMP_LTZ(3)], [D.TIMESTAMP(3), D.DATE()],
    [D.TIMESTAMP(3), D.TIME()], [D.ARRAY(D.INT()), D.STRING()], [row, D.STRING()], [D.INTERVAL('DAY'), D.STRING()],
    [D.ARRAY(D.STRING()), D.ARRAY(D.INT())], [row, D.ROW([{ name: 'p', type: D.STRING() }, { name: 'q', type: D.STRING() }])],
    [D.MAP(D.STRING(), D.STRING()), D.MAP(D.STRING(), D.INT())],
  ];
  const no: [DataType, DataType][] = [
    [D.DATE(), D.INT()], [D.INT(), D.DATE()], [D.BOOLEAN(), D.TIMESTAMP(3)], [D.STRING(), D.ARRAY(D.INT())],
    [D.BYTES(), D.INT()], [D.INTERVAL('DAY'), D.INTERVAL('MONTH')], [D.TIME(), D.DATE()],
    [row, D.ROW([{ name: 'p', type: D.STRING() }])], [D.ARRAY(D.DATE()), D.ARRAY(D.INT())],
  ];
  for (const [a, b] of yes) assert.ok(canCast(a, b), `${typeToString(a)} → ${typeToString(b)}`);
  for (const [a, b] of no) assert.ok(!canCast(a, b), `${typeToString(a)} ↛ ${typeToString(b)}`);
});
