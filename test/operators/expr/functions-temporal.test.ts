import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes as D } from '../../../src/core/data-types.ts';
import { ExprTypeError, call, intervalLiteral, timeUnit, type LiteralExpr } from '../../../src/plan/expr/index.ts';
import { compileExpr } from '../../../src/operators/expr/index.ts';
import { T, TS, callBothWays, evaluate, f, lit, n, s } from './helpers.ts';

const ts = (ms: number) => lit(ms, D.TIMESTAMP(3));
const date = (days: number) => lit(days, D.DATE());
const u = timeUnit;
// 2023-01-01 was a Sunday, in ISO week 52 of 2022.
const SUNDAY = Date.UTC(2023, 0, 1, 10, 30, 15, 250);
const DAY = 86_400_000;

const cases: [string, LiteralExpr[], unknown][] = [
  ['DATE_FORMAT', [ts(TS), s('yyyy-MM-dd')], '2024-01-01'],
  ['DATE_FORMAT', [ts(TS), s('HH:mm')], '10:00'],
  ['DATE_FORMAT', [ts(SUNDAY), s('yyyy-MM-dd HH:mm:ss.SSS')], '2023-01-01 10:30:15.250'],
  ['DATE_FORMAT', [ts(SUNDAY), s("EEE, d MMM yy h:mm a 'at' D")], 'Sun, 1 Jan 23 10:30 AM at 1'],
  ['DATE_FORMAT', [ts(Date.UTC(2024, 6, 4, 15)), s('EEEE MMMM dd hh a')], 'Thursday July 04 03 PM'],
  ['DATE_FORMAT', [s('2024-01-01 10:00:00'), s('yyyy/MM/dd')], '2024/01/01'],
  ['DATE_FORMAT', [s('not a time'), s('yyyy')], null],
  ['DATE_FORMAT', [date(19753), s('dd.MM.yyyy')], '31.01.2024'],
  ['TO_TIMESTAMP', [s('2024-01-01 10:00:00')], TS],
  ['TO_TIMESTAMP', [s('2024-01-01 10:00:00.5')], TS + 500],
  ['TO_TIMESTAMP', [s('01/01/2024 10:00'), s('dd/MM/yyyy HH:mm')], TS],
  ['TO_TIMESTAMP', [s('20240101100000'), s('yyyyMMddHHmmss')], TS],
  ['TO_TIMESTAMP', [s('Jan 1, 2024 10:00 AM'), s('MMM d, yyyy hh:mm a')], TS],
  ['TO_TIMESTAMP', [s('garbage')], null],
  ['TO_TIMESTAMP', [s('2024-02-30 10:00'), s('yyyy-MM-dd HH:mm')], null],
  ['TO_TIMESTAMP_LTZ', [lit(1704103200, D.BIGINT()), n('0')], TS],
  ['TO_TIMESTAMP_LTZ', [lit(TS, D.BIGINT()), n('3')], TS],
  ['TO_DATE', [s('2024-01-31')], 19753],
  ['TO_DATE', [s('31.01.2024'), s('dd.MM.yyyy')], 19753],
  ['TO_DATE', [s('2024-01-32')], null],
  ['EXTRACT', [u('YEAR'), ts(SUNDAY)], 2023],
  ['EXTRACT', [u('QUARTER'), ts(Date.UTC(2024, 7, 1))], 3],
  ['EXTRACT', [u('MONTH'), ts(SUNDAY)], 1],
  ['EXTRACT', [u('WEEK'), ts(SUNDAY)], 52],
  ['EXTRACT', [u('WEEK'), ts(TS)], 1],
  ['EXTRACT', [u('ISOYEAR'), ts(SUNDAY)], 2022],
  ['EXTRACT', [u('DAY'), ts(SUNDAY)], 1],
  ['EXTRACT', [u('DOY'), ts(Date.UTC(2024, 11, 31))], 366],
  ['EXTRACT', [u('DOW'), ts(SUNDAY)], 1],
  ['EXTRACT', [u('DOW'), ts(TS)], 2],
  ['EXTRACT', [u('ISODOW'), ts(SUNDAY)], 7],
  ['EXTRACT', [u('HOUR'), ts(SUNDAY)], 10],
  ['EXTRACT', [u('MINUTE'), ts(SUNDAY)], 30],
  ['EXTRACT', [u('SECOND'), ts(SUNDAY)], 15],
  ['EXTRACT', [u('MILLISECOND'), ts(SUNDAY)], 15_250],
  ['EXTRACT', [u('MICROSECOND'), ts(SUNDAY)], 15_250_000],
  ['EXTRACT', [u('EPOCH'), ts(TS)], 1704103200],
  ['EXTRACT', [u('DECADE'), ts(TS)], 202],
  ['EXTRACT', [u('CENTURY'), ts(TS)], 21],
  ['EXTRACT', [u('MILLENNIUM'), ts(TS)], 3],
  ['EXTRACT', [u('YEAR'), ts(-1)], 1969],
  ['EXTRACT', [u('DAY'), date(19753)], 31],
  ['EXTRACT', [u('HOUR'), lit(37_815_000, D.TIME(0))], 10],
  ['EXTRACT', [u('HOUR'), intervalLiteral('1 10:30', { start: 'DAY', end: 'MINUTE' })], 10],
  ['EXTRACT', [u('DAY'), intervalLiteral('1 10:30', { start: 'DAY', end: 'MINUTE' })], 1],
  ['EXTRACT', [u('MONTH'), intervalLiteral('1-6', { start: 'YEAR', end: 'MONTH' })], 6],
  ['YEAR', [ts(TS)], 2024],
  ['QUARTER', [date(19753)], 1],
  ['MONTH', [ts(SUNDAY)], 1],
  ['WEEK', [ts(SUNDAY)], 52],
  ['DAYOFYEAR', [ts(Date.UTC(2024, 1, 1))], 32],
  ['DAYOFMONTH', [ts(SUNDAY)], 1],
  ['DAYOFWEEK', [ts(SUNDAY)], 1],
  ['HOUR', [ts(SUNDAY)], 10],
  ['MINUTE', [ts(SUNDAY)], 30],
  ['SECOND', [ts(SUNDAY)], 15],
  ['HOUR', [lit(3_600_000 * 23, D.TIME(0))], 23],
  ['FLOOR', [ts(SUNDAY), u('HOUR')], Date.UTC(2023, 0, 1, 10)],
  ['FLOOR', [ts(SUNDAY), u('MINUTE')], Date.UTC(2023, 0, 1, 10, 30)],
  ['FLOOR', [ts(SUNDAY), u('DAY')], Date.UTC(2023, 0, 1)],
  ['FLOOR', [ts(Date.UTC(2024, 4, 17, 10)), u('MONTH')], Date.UTC(2024, 4, 1)],
  ['FLOOR', [ts(Date.UTC(2024, 4, 17, 10)), u('QUARTER')], Date.UTC(2024, 3, 1)],
  ['FLOOR', [ts(Date.UTC(2024, 4, 17, 10)), u('YEAR')], Date.UTC(2024, 0, 1)],
  ['FLOOR', [ts(Date.UTC(2024, 0, 3, 10)), u('WEEK')], Date.UTC(2023, 11, 31)],
  ['FLOOR', [ts(-1), u('DAY')], -DAY],
  ['FLOOR', [date(19753), u('MONTH')], 19723],
  ['FLOOR', [date(19753), u('DAY')], 19753],
  ['CEIL', [ts(SUNDAY), u('HOUR')], Date.UTC(2023, 0, 1, 11)],
  ['CEIL', [ts(Date.UTC(2023, 0, 1, 10)), u('HOUR')], Date.UTC(2023, 0, 1, 10)],
  ['CEIL', [ts(Date.UTC(2024, 4, 17)), u('MONTH')], Date.UTC(2024, 5, 1)],
  ['CEIL', [ts(Date.UTC(2024, 4, 1)), u('MONTH')], Date.UTC(2024, 4, 1)],
  ['CEIL', [date(19753), u('YEAR')], 20089],
  ['TIMESTAMPADD', [u('HOUR'), n('2'), ts(TS)], TS + 7_200_000],
  ['TIMESTAMPADD', [u('MINUTE'), lit(-5, D.INT()), ts(TS)], TS - 300_000],
  ['TIMESTAMPADD', [u('WEEK'), n('1'), ts(TS)], TS + 7 * DAY],
  ['TIMESTAMPADD', [u('MONTH'), n('1'), ts(Date.UTC(2024, 0, 31))], Date.UTC(2024, 1, 29)],
  ['TIMESTAMPADD', [u('QUARTER'), n('1'), ts(TS)], Date.UTC(2024, 3, 1, 10)],
  ['TIMESTAMPADD', [u('YEAR'), n('1'), ts(Date.UTC(2024, 1, 29))], Date.UTC(2025, 1, 28)],
  ['TIMESTAMPADD', [u('DAY'), n('1'), date(19753)], 19754],
  ['TIMESTAMPADD', [u('HOUR'), n('1'), date(19753)], Date.UTC(2024, 0, 31, 1)],
  ['TIMESTAMPADD', [u('MONTH'), n('1'), date(19753)], 19782],
  ['TIMESTAMPDIFF', [u('DAY'), ts(TS), ts(TS + 3 * DAY + 5)], 3],
  ['TIMESTAMPDIFF', [u('HOUR'), ts(TS), ts(TS - 5_400_000)], -1],
  ['TIMESTAMPDIFF', [u('MONTH'), ts(Date.UTC(2024, 0, 31)), ts(Date.UTC(2024, 1, 29))], 0],
  ['TIMESTAMPDIFF', [u('MONTH'), ts(Date.UTC(2024, 0, 15)), ts(Date.UTC(2024, 3, 15))], 3],
  ['TIMESTAMPDIFF', [u('YEAR'), ts(Date.UTC(2020, 5, 1)), ts(Date.UTC(2024, 4, 31))], 3],
  ['TIMESTAMPDIFF', [u('QUARTER'), ts(Date.UTC(2024, 3, 1)), ts(Date.UTC(2024, 0, 1))], -1],
  ['TIMESTAMPDIFF', [u('DAY'), date(19723), date(19753)], 30],
  ['UNIX_TIMESTAMP', [s('2024-01-01 10:00:00')], 1704103200],
  ['UNIX_TIMESTAMP', [s('2024/01/01'), s('yyyy/MM/dd')], 1704067200],
  ['UNIX_TIMESTAMP', [s('nope')], null],
  ['FROM_UNIXTIME', [lit(1704103200, D.BIGINT())], '2024-01-01 10:00:00'],
  ['FROM_UNIXTIME', [lit(1704103200, D.BIGINT()), s('yyyy')], '2024'],
];

test('temporal functions on literals and on column values, in UTC', () => {
  for (const [name, args, expected] of cases) {
    const { inline, fromRow } = callBothWays(name, args);
    const label = `${name}(${args.map((a) => JSON.stringify(a.value)).join(', ')})`;
    assert.equal(inline, expected, `${label} inline`);
    assert.equal(fromRow, expected, `${label} from a row`);
  }
});

test('the current-time functions read the compile options\' clock, per call', () => {
  let now = TS + 123;
  const clock = { now: () => now };
  const at = (name: string) => compileExpr(call(name, []), T, clock);
  for (const name of ['CURRENT_TIMESTAMP', 'NOW', 'PROCTIME', 'LOCALTIMESTAMP', 'CURRENT_ROW_TIMESTAMP']) assert.equal(at(name)({}), TS + 123, name);
  assert.equal(at('CURRENT_DATE')({}), 19723);
  assert.equal(at('CURRENT_TIME')({}), 10 * 3_600_000);
  assert.equal(at('LOCALTIME')({}), 10 * 3_600_000);
  assert.equal(at('UNIX_TIMESTAMP')({}), 1704103200);
  const fn = at('NOW');
  now += 1000;
  assert.equal(fn({}), TS + 1123, 'evaluated per record, not once');
  const real = compileExpr(call('NOW', []), T)({}) as number;
  assert.ok(Math.abs(real - Date.now()) < 60_000, 'Date.now by default');
});

test('temporal functions give NULL for NULL arguments', () => {
  assert.equal(evaluate(call('DATE_FORMAT', [f('ts'), s('yyyy')]), { ts: null }), null);
  assert.equal(evaluate(call('EXTRACT', [u('YEAR'), f('ts')]), { ts: null }), null);
  assert.equal(evaluate(call('FLOOR', [f('ts'), u('DAY')]), {}), null);
  assert.equal(evaluate(call('TIMESTAMPADD', [u('DAY'), f('i'), f('ts')]), { i: null, ts: TS }), null);
  assert.equal(evaluate(call('TIMESTAMPDIFF', [u('DAY'), f('ts'), f('ltz')]), { ts: TS, ltz: null }), null);
});

test('an invalid literal format fails at compile time', () => {
  assert.throws(() => compileExpr(call('DATE_FORMAT', [f('ts'), s('yyyy-qq')]), T), (e) => e instanceof ExprTypeError && /invalid format 'yyyy-qq'/.test(e.message));
});
