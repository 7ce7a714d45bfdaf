// Window bound and window time types, as Flink's time zone docs state them: window_start/window_end
// (TUMBLE_START/_END, …) are TIMESTAMP(3) whatever the time attribute; window_time (TUMBLE_ROWTIME, …)
// keeps the time attribute's type — TIMESTAMP(3) for a TIMESTAMP rowtime, TIMESTAMP_LTZ(3) for a
// TIMESTAMP_LTZ rowtime and for processing time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { typeToString } from '../../../../src/core/data-types.ts';
import { plannerWith, select } from './helpers.ts';

const EVENTS = `CREATE TABLE events (item STRING, price DOUBLE, ts_ms BIGINT, ntz TIMESTAMP(3),
    ltz AS TO_TIMESTAMP_LTZ(ts_ms, 3), pt AS PROCTIME(), WATERMARK FOR ltz AS ltz - INTERVAL '10' SECOND)
  WITH ('connector' = 'sluice-memory', 'name' = 'events')`;
const NTZ_EVENTS = `CREATE TABLE ntz_events (item STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '10' SECOND)
  WITH ('connector' = 'sluice-memory', 'name' = 'ntz_events')`;

/** `name TYPE *time*` of each output column of a query. */
function columns(sql: string): string[] {
  return select(plannerWith(EVENTS, NTZ_EVENTS), sql).relation.columns
    .map((c) => `${c.name} ${typeToString(c.type)}${c.time === undefined ? '' : ` *${c.time.toUpperCase()}*`}`);
}

const LTZ_BOUNDS = ['ws TIMESTAMP(3) NOT NULL', 'we TIMESTAMP(3) NOT NULL', 'wt TIMESTAMP_LTZ(3) NOT NULL *ROWTIME*'];

test('legacy group windows over a TIMESTAMP_LTZ rowtime: _START and _END are TIMESTAMP(3), _ROWTIME is TIMESTAMP_LTZ(3)', () => {
  for (const [window, args] of [['TUMBLE', "INTERVAL '10' MINUTE"], ['HOP', "INTERVAL '5' MINUTE, INTERVAL '10' MINUTE"], ['SESSION', "INTERVAL '5' MINUTE"]]) {
    const sql = `SELECT ${window}_START(ltz, ${args}) AS ws, ${window}_END(ltz, ${args}) AS we, ${window}_ROWTIME(ltz, ${args}) AS wt, MAX(price) AS m
      FROM events GROUP BY ${window}(ltz, ${args})`;
    assert.deepEqual(columns(sql), [...LTZ_BOUNDS, 'm DOUBLE'], window);
  }
});

test('window TVFs over a TIMESTAMP_LTZ rowtime: window_start and window_end are TIMESTAMP(3), window_time is TIMESTAMP_LTZ(3)', () => {
  for (const tvf of [
    "TUMBLE(TABLE events, DESCRIPTOR(ltz), INTERVAL '10' MINUTE)",
    "HOP(TABLE events, DESCRIPTOR(ltz), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE)",
    "CUMULATE(TABLE events, DESCRIPTOR(ltz), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE)",
    "SESSION(TABLE events, DESCRIPTOR(ltz), INTERVAL '5' MINUTE)",
  ]) {
    const sql = `SELECT window_start AS ws, window_end AS we, window_time AS wt, COUNT(*) AS n FROM TABLE(${tvf}) GROUP BY window_start, window_end, window_time`;
    assert.deepEqual(columns(sql), [...LTZ_BOUNDS, 'n BIGINT NOT NULL'], tvf);
  }
});

test('a TIMESTAMP rowtime keeps TIMESTAMP(3) for the window time; processing time gives TIMESTAMP_LTZ(3)', () => {
  assert.deepEqual(columns(`SELECT TUMBLE_START(ts, INTERVAL '1' HOUR) AS ws, TUMBLE_ROWTIME(ts, INTERVAL '1' HOUR) AS wt
    FROM ntz_events GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)`), ['ws TIMESTAMP(3) NOT NULL', 'wt TIMESTAMP(3) NOT NULL *ROWTIME*']);
  assert.deepEqual(columns(`SELECT window_start AS ws, window_time AS wt FROM TABLE(TUMBLE(TABLE ntz_events, DESCRIPTOR(ts), INTERVAL '1' HOUR))
    GROUP BY window_start, window_end, window_time`), ['ws TIMESTAMP(3) NOT NULL', 'wt TIMESTAMP(3) NOT NULL *ROWTIME*']);
  assert.deepEqual(columns(`SELECT TUMBLE_START(pt, INTERVAL '10' MINUTE) AS ws, TUMBLE_END(pt, INTERVAL '10' MINUTE) AS we,
      TUMBLE_PROCTIME(pt, INTERVAL '10' MINUTE) AS wt FROM events GROUP BY TUMBLE(pt, INTERVAL '10' MINUTE)`),
  ['ws TIMESTAMP(3) NOT NULL', 'we TIMESTAMP(3) NOT NULL', 'wt TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*']);
  assert.deepEqual(columns(`SELECT window_start AS ws, window_time AS wt FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(pt), INTERVAL '10' MINUTE))
    GROUP BY window_start, window_end, window_time`), ['ws TIMESTAMP(3) NOT NULL', 'wt TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*']);
});

test('a cascaded window over an LTZ window rowtime stays TIMESTAMP_LTZ(3)', () => {
  const sql = `SELECT TUMBLE_START(wt, INTERVAL '1' HOUR) AS ws, TUMBLE_END(wt, INTERVAL '1' HOUR) AS we, TUMBLE_ROWTIME(wt, INTERVAL '1' HOUR) AS wt
    FROM (SELECT TUMBLE_ROWTIME(ltz, INTERVAL '10' MINUTE) AS wt FROM events GROUP BY TUMBLE(ltz, INTERVAL '10' MINUTE))
    GROUP BY TUMBLE(wt, INTERVAL '1' HOUR)`;
  assert.deepEqual(columns(sql), LTZ_BOUNDS);
});
