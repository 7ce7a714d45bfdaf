import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as T } from '../../../src/core/data-types.ts';
import { ConfigError } from '../../../src/core/errors.ts';
import { formatConsoleBatch, formatShow, stringHalfWidth } from '../../../src/connectors/console/spark-show.ts';
import type { ShowColumn } from '../../../src/connectors/console/spark-show.ts';

// Expected layouts follow the examples in PySpark's DataFrame.show documentation, the Spark SQL
// function docs (maps, arrays of structs) and the Structured Streaming guide (console sink). Vertical
// lines end with a space in Spark's output; the docs strip it.
const people: ShowColumn[] = [{ name: 'age', type: T.BIGINT() }, { name: 'name', type: T.STRING() }];
const four = [
  { age: 14, name: 'Tom' }, { age: 23, name: 'Alice' }, { age: 16, name: 'Bob' }, { age: 19, name: 'This is a super long name' },
];
const lines = (...text: string[]) => `${text.join('\n')}\n`;
const one = (type: ShowColumn['type'], value: unknown, truncate: boolean | number = false) =>
  formatShow([{ name: 'v', type }], [{ v: value }], { truncate }).split('\n')[3].slice(1, -1).trimEnd();

test('default show right-aligns cells and cuts values over 20 characters to 17 plus ...', () => {
  assert.equal(formatShow(people, four), lines(
    '+---+--------------------+',
    '|age|                name|',
    '+---+--------------------+',
    '| 14|                 Tom|',
    '| 23|               Alice|',
    '| 16|                 Bob|',
    '| 19|This is a super l...|',
    '+---+--------------------+',
  ));
});

test('more rows than numRows end with "only showing top N rows", singular for one row', () => {
  assert.equal(formatShow(people, four, { numRows: 2 }), lines(
    '+---+-----+', '|age| name|', '+---+-----+', '| 14|  Tom|', '| 23|Alice|', '+---+-----+', 'only showing top 2 rows',
  ));
  assert.equal(formatShow(people, four, { numRows: 1 }), lines(
    '+---+----+', '|age|name|', '+---+----+', '| 14| Tom|', '+---+----+', 'only showing top 1 row',
  ));
});

test('exactly numRows rows print no footer', () => {
  assert.equal(formatShow(people, four.slice(0, 2), { numRows: 2 }).includes('only showing'), false);
});

test('truncate=false shows whole values, left-aligned', () => {
  assert.equal(formatShow(people, four, { truncate: false }), lines(
    '+---+-------------------------+',
    '|age|name                     |',
    '+---+-------------------------+',
    '|14 |Tom                      |',
    '|23 |Alice                    |',
    '|16 |Bob                      |',
    '|19 |This is a super long name|',
    '+---+-------------------------+',
  ));
});

test('a truncate under 4 cuts without an ellipsis; a larger one keeps truncate-3 characters', () => {
  assert.equal(formatShow(people, four, { truncate: 3 }), lines(
    '+---+----+', '|age|name|', '+---+----+', '| 14| Tom|', '| 23| Ali|', '| 16| Bob|', '| 19| Thi|', '+---+----+',
  ));
  assert.match(formatShow(people, four, { truncate: 8 }), /^\| 19\|This \.\.\.\|$/m);
});

test('column names are never cut', () => {
  const columns: ShowColumn[] = [{ name: 'a_rather_long_column_name', type: T.INT() }];
  assert.equal(formatShow(columns, [{ a_rather_long_column_name: 1 }], { truncate: 5 }), lines(
    '+-------------------------+', '|a_rather_long_column_name|', '+-------------------------+',
    '|                        1|', '+-------------------------+',
  ));
});

test('vertical mode prints a -RECORD block per row, padded to the widest name and value', () => {
  assert.equal(formatShow(people, four.slice(0, 2), { vertical: true }), lines(
    '-RECORD 0-----',
    ' age  | 14    ',
    ' name | Tom   ',
    '-RECORD 1-----',
    ' age  | 23    ',
    ' name | Alice ',
  ));
  // The cut long name (20 wide) sets the record rule: "-RECORD 0" then 4 + 20 + 5 - 9 dashes.
  assert.ok(formatShow(people, four, { vertical: true }).startsWith('-RECORD 0--------------------\n'));
});

test('vertical mode keeps the footer and prints (0 rows) for an empty result', () => {
  assert.ok(formatShow(people, four, { vertical: true, numRows: 1 }).endsWith(' name | Tom \nonly showing top 1 row\n'));
  assert.equal(formatShow(people, [], { vertical: true }), '(0 rows)\n');
});

test('an empty result prints the header and an empty body', () => {
  assert.equal(formatShow(people, []), lines('+---+----+', '|age|name|', '+---+----+', '+---+----+'));
});

test('columns are at least 3 wide; null and missing values print as null', () => {
  const columns: ShowColumn[] = [{ name: 'x', type: T.INT() }, { name: 'y', type: T.STRING() }];
  assert.equal(formatShow(columns, [{ x: 1, y: 'a' }, { x: null }]), lines(
    '+----+----+', '|   x|   y|', '+----+----+', '|   1|   a|', '|null|null|', '+----+----+',
  ));
});

test('doubles and floats print as Java does', () => {
  const columns: ShowColumn[] = [{ name: 'd', type: T.DOUBLE() }, { name: 'f', type: T.FLOAT() }];
  assert.equal(formatShow(columns, [
    { d: 1, f: 0.1 }, { d: 187.5, f: 3e10 }, { d: 1e10, f: 1 }, { d: Number.NaN, f: -0 },
    { d: 1.5e-4, f: 1234567 }, { d: -Infinity, f: 16777217 },
  ]), lines(
    '+---------+-----------+',
    '|        d|          f|',
    '+---------+-----------+',
    '|      1.0|        0.1|',
    '|    187.5|     3.0E10|',
    '|   1.0E10|        1.0|',
    '|      NaN|       -0.0|',
    '|   1.5E-4|  1234567.0|',
    '|-Infinity|1.6777216E7|',
    '+---------+-----------+',
  ));
});

test('decimals keep their scale and use BigDecimal notation when tiny', () => {
  assert.equal(one(T.DECIMAL(10, 2), 1.5), '1.50');
  assert.equal(one(T.DECIMAL(10, 2), -1234.5), '-1234.50');
  assert.equal(one(T.DECIMAL(38, 18), 0), '0E-18');
  assert.equal(one(T.DECIMAL(10, 7), 0.0000001), '1E-7');
  assert.equal(one(T.DECIMAL(10, 0), 42), '42');
});

test('integers, booleans and strings print as they are', () => {
  assert.equal(one(T.BIGINT(), 1e21), '1000000000000000000000');
  assert.equal(one(T.INT(), -7), '-7');
  assert.equal(one(T.BOOLEAN(), false), 'false');
  assert.equal(one(T.STRING(), 'spark'), 'spark');
});

test('timestamps print in UTC with the fraction only when it is not zero', () => {
  assert.equal(one(T.TIMESTAMP(3), 1704103200000), '2024-01-01 10:00:00');
  assert.equal(one(T.TIMESTAMP(3), 1704103200500), '2024-01-01 10:00:00.5');
  assert.equal(one(T.TIMESTAMP_LTZ(3), 1704103200123), '2024-01-01 10:00:00.123');
  assert.equal(one(T.TIMESTAMP(3), -1), '1969-12-31 23:59:59.999');
  assert.equal(one(T.DATE(), 19723), '2024-01-01');
  assert.equal(one(T.DATE(), -1), '1969-12-31');
  assert.equal(one(T.TIME(0), 37_800_000), '10:30:00');
});

test('intervals print in Spark ANSI style', () => {
  assert.equal(one(T.INTERVAL('DAY', 'SECOND'), 93_784_500), "INTERVAL '1 02:03:04.5' DAY TO SECOND");
  assert.equal(one(T.INTERVAL('DAY', 'SECOND'), -1000), "INTERVAL '-0 00:00:01' DAY TO SECOND");
  assert.equal(one(T.INTERVAL('HOUR', 'MINUTE'), 93_600_000), "INTERVAL '26:00' HOUR TO MINUTE");
  assert.equal(one(T.INTERVAL('MINUTE'), 300_000), "INTERVAL '05' MINUTE");
  assert.equal(one(T.INTERVAL('SECOND'), 4_000), "INTERVAL '04' SECOND");
  assert.equal(one(T.INTERVAL('YEAR', 'MONTH'), 14), "INTERVAL '1-2' YEAR TO MONTH");
  assert.equal(one(T.INTERVAL('YEAR', 'MONTH'), -3), "INTERVAL '-0-3' YEAR TO MONTH");
  assert.equal(one(T.INTERVAL('MONTH'), 14), "INTERVAL '14' MONTH");
});

test('structs, arrays and maps print Spark 3 style with nested nulls as null', () => {
  const window = T.ROW([{ name: 'start', type: T.TIMESTAMP(3) }, { name: 'end', type: T.TIMESTAMP(3) }]);
  assert.equal(one(window, { start: 1704103200000, end: 1704106800000 }), '{2024-01-01 10:00:00, 2024-01-01 11:00:00}');
  assert.equal(one(window, { start: 1704103200000, end: 1704106800000 }, true), '{2024-01-01 10:00...');
  assert.equal(one(T.ARRAY(T.STRING()), ['a', null, 'c']), '[a, null, c]');
  assert.equal(one(T.ARRAY(T.DOUBLE()), []), '[]');
  assert.equal(one(T.MAP(T.BIGINT(), T.STRING()), { 2: 'a', 5: 'b' }), '{2 -> a, 5 -> b}');
  assert.equal(one(T.MAP(T.STRING(), T.BIGINT()), { '3': null }), '{3 -> null}');
  assert.equal(one(T.MAP(T.DOUBLE(), T.INT()), new Map([[1, 2]])), '{1.0 -> 2}');
  const entry = T.ROW([{ name: 'key', type: T.INT() }, { name: 'value', type: T.STRING() }]);
  assert.equal(one(T.ARRAY(entry), [{ key: 1, value: 'a' }, { key: 2, value: 'b' }]), '[{1, a}, {2, b}]');
  assert.equal(one(entry, { key: null }), '{null, null}');
});

test('top-level binary prints as hex bytes; nested binary as its UTF-8 text, as Spark 3 does', () => {
  assert.equal(one(T.BYTES(), new Uint8Array([1, 2, 255])), '[01 02 FF]');
  assert.equal(one(T.BYTES(), new Uint8Array([])), '[]');
  assert.equal(one(T.ARRAY(T.BYTES()), [new TextEncoder().encode('hi')]), '[hi]');
});

test('control characters in values and names are escaped so a row stays on one line', () => {
  const text = formatShow([{ name: 'a\tb', type: T.STRING() }], [{ 'a\tb': 'line1\nline2' }]);
  assert.equal(text, lines('+------------+', '|        a\\tb|', '+------------+', '|line1\\nline2|', '+------------+'));
});

test('full-width characters count two columns wide, as Spark counts them', () => {
  assert.equal(stringHalfWidth('abc'), 3);
  assert.equal(stringHalfWidth('山田'), 4);
  assert.equal(stringHalfWidth('ｱ'), 1); // half-width katakana is outside Spark's full-width ranges
  assert.equal(formatShow([{ name: '名前', type: T.STRING() }], [{ 名前: '山田太郎' }, { 名前: 'abc' }]), lines(
    '+--------+', '|    名前|', '+--------+', '|山田太郎|', '|     abc|', '+--------+',
  ));
});

test('cutting a long value never splits a surrogate pair', () => {
  const cell = one(T.STRING(), `${'a'.repeat(16)}😀xyz`, true); // the cut at 17 units falls inside the emoji
  assert.equal(cell, `${'a'.repeat(16)}...`);
});

test('numRows must be a whole number; a negative count shows no rows', () => {
  assert.throws(() => formatShow(people, four, { numRows: 1.5 }), ConfigError);
  assert.throws(() => formatShow(people, four, { truncate: Number.NaN }), ConfigError);
  assert.equal(formatShow(people, four, { numRows: -1 }), lines(
    '+---+----+', '|age|name|', '+---+----+', '+---+----+', 'only showing top 0 rows',
  ));
});

test('the console sink prints a Batch banner, the table and a blank line', () => {
  const columns: ShowColumn[] = [{ name: 'value', type: T.STRING() }, { name: 'count', type: T.BIGINT() }];
  assert.equal(formatConsoleBatch(0, columns, [{ value: 'apache', count: 1 }, { value: 'spark', count: 1 }]), lines(
    '-------------------------------------------',
    'Batch: 0',
    '-------------------------------------------',
    '+------+-----+',
    '| value|count|',
    '+------+-----+',
    '|apache|    1|',
    '| spark|    1|',
    '+------+-----+',
    '',
  ));
});

test('the console sink honours numRows and truncate', () => {
  const text = formatConsoleBatch(7, people, four, { numRows: 1, truncate: false });
  assert.equal(text, lines(
    '-------------------------------------------', 'Batch: 7', '-------------------------------------------',
    '+---+----+', '|age|name|', '+---+----+', '|14 |Tom |', '+---+----+', 'only showing top 1 row', '',
  ));
  assert.ok(formatConsoleBatch(1, people, []).endsWith('+---+----+\n+---+----+\n\n'));
});
