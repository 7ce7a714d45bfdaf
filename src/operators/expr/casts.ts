import {
  MAX_LENGTH, asNullable, isApproximateNumeric, isCharacter, isIntegral, isNumeric, isTimestamp, typeToString,
  type DataType,
} from '../../core/data-types.ts';
import { parseDateText, parseTimeText, parseTimestampText } from '../../plan/expr/datetime-text.ts';
import { ExprEvalError } from '../../plan/expr/errors.ts';
import { MILLIS_PER_DAY as DAY } from '../../plan/expr/time-units.ts';
import { roundHalfUp } from './runtime-numeric.ts';
import { textFormatter } from './value-text.ts';

/**
 * CAST and TRY_CAST between every pair `canCast` allows, as functions built once per cast site. A
 * caster receives a non-null value. A failed conversion throws "CAST('abc' AS INT): not a number"
 * (TRY_CAST returns null instead); a value too large for a DECIMAL becomes NULL in both, as in Flink.
 *
 * - text → numbers: surrounding spaces ignored; integers accept a fraction and drop it (`'1.9'` → 1,
 *   Flink's Hive-style parsing); out-of-range integers fail
 * - text → BOOLEAN: true/t/yes/y/1 and false/f/no/n/0, any case
 * - text → DATE/TIME/TIMESTAMP: `yyyy-MM-dd`, `HH:mm:ss[.SSS]`, `yyyy-MM-dd[ HH:mm:ss[.SSS]]` (or `T`)
 * - DOUBLE → integer: truncates toward zero and saturates, like Java's `(int)` cast; integer →
 *   narrower integer wraps
 * - numbers → TIMESTAMP_LTZ: epoch seconds; DATE ↔ TIMESTAMP: midnight UTC
 * - → CHAR(n) pads with spaces or truncates; → VARCHAR(n) truncates; → BINARY(n) pads with zeros
 * - ARRAY, MAP (values; keys stay as their text) and ROW (field by position) cast element by element
 *
 * @example
 * buildCaster(DataTypes.STRING(), DataTypes.INT(), false)!(' 42 ') // 42
 */
export type Caster = (value: any) => unknown;

const INTEGER_TEXT = /^[+-]?\d+(\.\d*)?$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DOUBLE_TEXT = /^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?|NaN|[+-]?Infinity)$/;
const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', '0']);
const INT_RANGE: Record<string, [number, number]> = {
  TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647], BIGINT: [-(2 ** 63), 2 ** 63 - 1],
};
const WRAP: Record<string, (v: number) => number> = {
  TINYINT: (v) => (v << 24) >> 24, SMALLINT: (v) => (v << 16) >> 16, INT: (v) => v | 0, BIGINT: (v) => v,
};

/** How a failing value is shown in an error: text quoted, the rest as JSON-ish text. @example showValue("it's") // "'it''s'" */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * The conversion from `from` to `to`, or undefined when the value needs none (widening numerics,
 * same-representation types). `tryCast` turns failures into null.
 *
 * @example
 * buildCaster(DataTypes.DOUBLE(), DataTypes.STRING(), false)!(1e10) // '1.0E10'
 */
export function buildCaster(from: DataType, to: DataType, tryCast: boolean): Caster | undefined {
  const target = typeToString(asNullable(to));
  const fail = (v: unknown, problem: string): null => {
    if (tryCast) return null;
    throw new ExprEvalError(`CAST(${showValue(v)} AS ${target}): ${problem}`);
  };
  return casterFor(from, to, tryCast, fail);
}

type Fail = (v: unknown, problem: string) => null;

function casterFor(from: DataType, to: DataType, tryCast: boolean, fail: Fail): Caster | undefined {
  if (from.kind === 'NULL') return undefined;
  if (isCharacter(to)) return toText(from, to);
  if (isCharacter(from)) return fromText(to, fail);
  switch (to.kind) {
    case 'BOOLEAN': return from.kind === 'BOOLEAN' ? undefined : (v: number) => v !== 0;
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': return toInteger(from, to.kind);
    case 'FLOAT': case 'DOUBLE': return from.kind === 'BOOLEAN' ? (v: boolean) => (v ? 1 : 0) : undefined;
    case 'DECIMAL': {
      const toNumber: (v: any) => number = from.kind === 'BOOLEAN' ? (v: boolean) => (v ? 1 : 0) : (v: number) => v;
      const limit = 10 ** (to.precision - to.scale);
      const scale = to.scale;
      // Already fits when the source is a narrower exact type.
      if (from.kind === 'DECIMAL' && from.scale <= scale && from.precision - from.scale <= to.precision - scale) return undefined;
      return (v: any) => decimalOrNull(toNumber(v), scale, limit);
    }
    case 'DATE': return isTimestamp(from) ? (v: number) => Math.floor(v / DAY) : undefined;
    case 'TIME': {
      const truncate = truncation(to.precision);
      if (isTimestamp(from)) return (v: number) => truncate((((v % DAY) + DAY) % DAY));
      return to.precision >= 3 ? undefined : truncate;
    }
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': {
      const truncate = truncation(to.precision);
      if (from.kind === 'DATE') return (v: number) => v * DAY;
      if (isNumeric(from)) return (v: number) => truncate(Math.round(v * 1000));
      return to.precision >= 3 ? undefined : truncate;
    }
    case 'BINARY': case 'VARBINARY': return fitBytes(to.kind, to.length);
    case 'ARRAY': case 'MULTISET': {
      const element = casterFor((from as typeof to).element, to.element, tryCast, fail);
      return element && ((v: unknown[]) => v.map((e) => (e === null || e === undefined ? null : element(e))));
    }
    case 'MAP': {
      const value = casterFor((from as typeof to).value, to.value, tryCast, fail);
      return value && ((v: object) => {
        const out: Record<string, unknown> = {};
        for (const [k, x] of v instanceof Map ? v.entries() : Object.entries(v)) out[String(k)] = x === null || x === undefined ? null : value(x);
        return out;
      });
    }
    case 'ROW': {
      const source = (from as typeof to).fields;
      const fields = to.fields.map((f, i) => ({ from: source[i].name, to: f.name, cast: casterFor(source[i].type, f.type, tryCast, fail) }));
      return (v: Record<string, unknown>) => {
        const out: Record<string, unknown> = {};
        for (const f of fields) {
          const x = v[f.from];
          out[f.to] = x === null || x === undefined ? null : f.cast === undefined ? x : f.cast(x);
        }
        return out;
      };
    }
    default: return undefined; // intervals of one kind, NULL
  }
}

function decimalOrNull(v: number, scale: number, limit: number): number | null {
  if (!Number.isFinite(v)) return null;
  const r = roundHalfUp(v, scale);
  return Math.abs(r) >= limit ? null : r;
}

/** Drops sub-precision digits of a TIME/TIMESTAMP (milliseconds) value. */
function truncation(precision: number): (v: number) => number {
  if (precision >= 3) return (v) => v;
  const unit = 10 ** (3 - precision);
  return (v) => Math.floor(v / unit) * unit;
}

function toInteger(from: DataType, kind: string): Caster | undefined {
  const wrap = WRAP[kind];
  if (from.kind === 'BOOLEAN') return (v: boolean) => (v ? 1 : 0);
  if (isIntegral(from)) return INT_RANGE[from.kind][1] <= INT_RANGE[kind][1] ? undefined : wrap;
  if (isApproximateNumeric(from)) {
    // Java's (int)/(long) of a double: NaN → 0, saturating, then narrowing wraps.
    const [lo, hi] = kind === 'BIGINT' ? INT_RANGE.BIGINT : INT_RANGE.INT;
    return (v: number) => (Number.isNaN(v) ? 0 : wrap(Math.trunc(Math.min(Math.max(v, lo), hi))));
  }
  return (v: number) => wrap(Math.trunc(v));
}

function toText(from: DataType, to: DataType & { length: number }): Caster | undefined {
  const text = isCharacter(from) ? undefined : textFormatter(from);
  const n = to.length;
  if (to.kind === 'CHAR') {
    return (v: unknown) => {
      const s = text === undefined ? (v as string) : text(v);
      return s.length >= n ? s.slice(0, n) : s.padEnd(n, ' ');
    };
  }
  if (n >= MAX_LENGTH) return text;
  return (v: unknown) => {
    const s = text === undefined ? (v as string) : text(v);
    return s.length > n ? s.slice(0, n) : s;
  };
}

function fitBytes(kind: 'BINARY' | 'VARBINARY', n: number): Caster | undefined {
  if (kind === 'VARBINARY' && n >= MAX_LENGTH) return undefined;
  return (v: Uint8Array) => {
    if (v.length === n || (kind === 'VARBINARY' && v.length < n)) return v;
    if (v.length > n) return v.slice(0, n);
    const out = new Uint8Array(n);
    out.set(v);
    return out;
  };
}

function fromText(to: DataType, fail: Fail): Caster | undefined {
  switch (to.kind) {
    case 'BOOLEAN': return (s: string) => {
      const t = s.trim().toLowerCase();
      return TRUE_TEXT.has(t) ? true : FALSE_TEXT.has(t) ? false : fail(s, 'not a boolean');
    };
    case 'TINYINT': case 'SMALLINT': case 'INT': case 'BIGINT': {
      const [lo, hi] = INT_RANGE[to.kind];
      const kind = to.kind;
      return (s: string) => {
        const t = s.trim();
        if (!INTEGER_TEXT.test(t)) return fail(s, 'not a number');
        const n = Math.trunc(Number(t));
        return n < lo || n > hi ? fail(s, `out of range for ${kind}`) : n;
      };
    }
    case 'FLOAT': case 'DOUBLE': return (s: string) => {
      const t = s.trim();
      return DOUBLE_TEXT.test(t) ? Number(t.replace(/[dDfF]$/, '')) : fail(s, 'not a number');
    };
    case 'DECIMAL': {
      const limit = 10 ** (to.precision - to.scale);
      const scale = to.scale;
      return (s: string) => {
        const t = s.trim();
        return NUMBER_TEXT.test(t) ? decimalOrNull(Number(t), scale, limit) : fail(s, 'not a number');
      };
    }
    case 'DATE': return (s: string) => {
      let days = parseDateText(s);
      if (Number.isNaN(days)) days = Math.floor(parseTimestampText(s) / DAY);
      return Number.isNaN(days) ? fail(s, 'not a date (yyyy-MM-dd)') : days;
    };
    case 'TIME': {
      const truncate = truncation(to.precision);
      return (s: string) => {
        const ms = parseTimeText(s);
        return Number.isNaN(ms) ? fail(s, 'not a time (HH:mm:ss[.SSS])') : truncate(ms);
      };
    }
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': {
      const truncate = truncation(to.precision);
      return (s: string) => {
        const ms = parseTimestampText(s);
        return Number.isNaN(ms) ? fail(s, "not a timestamp ('yyyy-MM-dd HH:mm:ss[.SSS]')") : truncate(ms);
      };
    }
    case 'BINARY': case 'VARBINARY': {
      const encoder = new TextEncoder();
      const fit = fitBytes(to.kind, to.length);
      return (s: string) => (fit === undefined ? encoder.encode(s) : fit(encoder.encode(s)));
    }
    default: return undefined;
  }
}
