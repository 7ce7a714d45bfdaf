import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataTypes } from '../../../src/core/data-types.ts';
import {
  addMonthsToDays, addMonthsToMillis, civilFromDays, daysFromCivil, formatDateText, formatTimeText, formatTimestampText,
  parseDateText, parseTimeText, parseTimestampText,
} from '../../../src/plan/expr/datetime-text.ts';
import { formatIntervalText, parseIntervalText } from '../../../src/plan/expr/interval-text.ts';

test('civil dates convert to day numbers and back, agreeing with Date.UTC', () => {
  for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [2024, 12, 31], [1969, 12, 31], [1900, 3, 1], [2400, 2, 29], [1, 1, 1]]) {
    const days = daysFromCivil(y, m, d);
    const utc = new Date(0);
    utc.setUTCFullYear(y, m - 1, d);
    assert.equal(days, Math.floor(utc.getTime() / 86_400_000), `${y}-${m}-${d}`);
    assert.equal(civilFromDays(days), y * 10000 + m * 100 + d);
  }
});

test('date, time and timestamp text parse strictly', () => {
  assert.equal(parseDateText('2024-01-31'), 19753);
  assert.equal(parseDateText('2024-1-5'), daysFromCivil(2024, 1, 5));
  assert.ok(Number.isNaN(parseDateText('2023-02-29')));
  assert.ok(Number.isNaN(parseDateText('2024-01-31x')));
  assert.equal(parseTimeText('23:59:59.999'), 86_399_999);
  assert.equal(parseTimeText('10:30'), 37_800_000);
  assert.ok(Number.isNaN(parseTimeText('10:60:00')));
  assert.equal(parseTimestampText('2024-01-01 10:00:00'), Date.UTC(2024, 0, 1, 10));
  assert.equal(parseTimestampText('2024-01-01T10:00:00.5'), Date.UTC(2024, 0, 1, 10, 0, 0, 500));
  assert.equal(parseTimestampText('2024-01-01'), Date.UTC(2024, 0, 1));
  assert.equal(parseTimestampText('1969-12-31 23:59:59'), -1000);
  assert.ok(Number.isNaN(parseTimestampText('2024-01-01 24:00:00')));
});

test('values format as Flink prints them, in UTC', () => {
  assert.equal(formatDateText(19753), '2024-01-31');
  assert.equal(formatDateText(-1), '1969-12-31');
  assert.equal(formatTimeText(36_001_500, 0), '10:00:01');
  assert.equal(formatTimeText(36_001_500, 3), '10:00:01.500');
  assert.equal(formatTimestampText(Date.UTC(2024, 0, 1, 10), 3), '2024-01-01 10:00:00.000');
  assert.equal(formatTimestampText(Date.UTC(2024, 0, 1, 10, 0, 0, 120), 6), '2024-01-01 10:00:00.120000');
  assert.equal(formatTimestampText(-1, 3), '1969-12-31 23:59:59.999');
});

test('adding months clamps the day to the month\'s length', () => {
  assert.equal(addMonthsToMillis(Date.UTC(2024, 0, 31, 10), 1), Date.UTC(2024, 1, 29, 10));
  assert.equal(addMonthsToMillis(Date.UTC(2024, 2, 31), -1), Date.UTC(2024, 1, 29));
  assert.equal(addMonthsToMillis(Date.UTC(2024, 0, 15), 14), Date.UTC(2025, 2, 15));
  assert.equal(addMonthsToDays(daysFromCivil(2023, 12, 31), 2), daysFromCivil(2024, 2, 29));
});

test('interval text round-trips through Flink\'s printed form', () => {
  assert.equal(parseIntervalText('1 10:30:15.123', 'DAY', 'SECOND'), 124_215_123);
  assert.equal(parseIntervalText('-5', 'SECOND'), -5000);
  assert.ok(Number.isNaN(parseIntervalText('1-13', 'YEAR', 'MONTH')));
  assert.equal(formatIntervalText(124_215_123, DataTypes.INTERVAL('DAY', 'SECOND')), '+1 10:30:15.123');
  assert.equal(formatIntervalText(-5000, DataTypes.INTERVAL('SECOND')), '-0 00:00:05.000');
  assert.equal(formatIntervalText(18, DataTypes.INTERVAL('YEAR', 'MONTH')), '+1-06');
});
