/**
 * A fast path for decoding JSON records into rows of a known type, straight from the bytes: one pass
 * that finds the table's columns, skips every other field without making it, and builds the typed
 * row — instead of UTF-8 decoding the record to a string, `JSON.parse` making an object of every
 * field, and the typed reader copying the columns out of it. That is most of what a SQL table over
 * Kafka or the in-process log spends per record.
 *
 * It is only a fast path: a record it does not handle exactly as the general path would — any byte
 * outside ASCII, a key with escapes, anything that is not valid JSON — makes `scan` return undefined,
 * and the caller decodes the record the general way (which then also reports what is wrong with it).
 * For the records it does take, the row is the one `typedRowReader(type)(JSON.parse(text))` gives:
 * numbers are read exactly as `JSON.parse` reads them, strings with escapes and nested values are
 * handed to `JSON.parse` itself, and the columns go through the same converters.
 */
import type { RowType } from '../core/data-types.ts';
import type { RecordOrigin } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { typedValuesReader } from './typed-row-reader.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** 10^0 … 10^15, all exact doubles. */
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, i) => 10 ** i);
/** Nesting deeper than this is left to JSON.parse. */
const MAX_DEPTH = 64;
/** Short strings (symbols, codes, enum-like values) are kept and reused: making a string costs more than comparing one. */
const STRING_CACHE_SIZE = 1024;
const MAX_CACHED_LENGTH = 32;
/** Records per check of how often the fast path gave up; past a quarter, it stops trying. */
const CHECK_EVERY = 1024;

type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;
// Buffer's own byte → Latin-1 string copy (undocumented, but in every Node release) works on any
// Uint8Array and is the cheapest way to make a string from ASCII bytes; the fallback is documented.
const latin1Slice: Latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice
  ?? function (this: Uint8Array, start: number, end: number) { return Buffer.from(this.buffer, this.byteOffset + start, end - start).toString('latin1'); };

/**
 * Decodes JSON object records of one row type from bytes, or declines a record (returns undefined)
 * so the caller takes the general path. Undefined when the type cannot use the fast path at all: a
 * column named like an Object.prototype member (`toString`…), which the general path reads through
 * the prototype when the record lacks it.
 *
 * @example
 * const scan = jsonRowScanner(DataTypes.ROW([{ name: 'id', type: DataTypes.INT() }]));
 * scan?.scan(new TextEncoder().encode('{"id":7,"x":[1]}'), { source: 'orders' }) // { id: 7 }
 */
export function jsonRowScanner(type: RowType): JsonRowScanner | undefined {
  const names = type.fields.map((f) => f.name);
  if (names.some((name) => name in Object.prototype)) return undefined;
  return new JsonRowScanner(names, typedValuesReader(type));
}

/**
 * The scanner for one row type (see {@link jsonRowScanner}); it keeps per-type state (the column
 * lookup, recent short strings, how often it declined), so make one per table format.
 *
 * @example
 * const scanner = jsonRowScanner(rowType);
 * const row = scanner?.scan(bytes, origin) ?? readTheGeneralWay(bytes, origin);
 */
export class JsonRowScanner {
  private readonly keys: readonly Uint8Array[];
  /** Open addressing over key hashes: column index + 1, 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly build: (values: readonly unknown[], origin: RecordOrigin) => Row;
  /** The record's column values by position, undefined when absent; reused for every record. */
  private readonly values: unknown[];
  private readonly strings: (string | undefined)[] = new Array<string | undefined>(STRING_CACHE_SIZE).fill(undefined);
  /** The value the last scanValue read (when asked to). */
  private value: unknown = undefined;
  private tries = 0;
  private declined = 0;
  private enabled = true;

  constructor(names: readonly string[], build: (values: readonly unknown[], origin: RecordOrigin) => Row) {
    const encoder = new TextEncoder();
    this.keys = names.map((name) => encoder.encode(name));
    let size = 8;
    while (size < names.length * 4) size *= 2;
    this.slots = new Int32Array(size);
    for (let column = 0; column < names.length; column++) {
      const key = this.keys[column];
      let slot = hashBytes(key, 0, key.length) & (size - 1);
      while (this.slots[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.slots[slot] = column + 1;
    }
    this.build = build;
    this.values = new Array<unknown>(names.length).fill(undefined);
  }

  /**
   * The typed row of one record, or undefined when the fast path declines it (decode it the general
   * way). Throws the typed conversion's RecordError for a value that does not fit its column.
   */
  scan(bytes: Uint8Array, origin: RecordOrigin): Row | undefined {
    if (!this.enabled) return undefined;
    const found = this.scanObject(bytes);
    if (!found) this.declined++;
    if (++this.tries === CHECK_EVERY) this.review();
    return found ? this.build(this.values, origin) : undefined;
  }

  /** Data the fast path mostly declines (non-ASCII text, say) would pay for two decodes: stop. */
  private review(): void {
    if (this.declined * 4 > this.tries) this.enabled = false;
    this.tries = 0;
    this.declined = 0;
  }

  /** Fills `values` from one top-level object; false when the record is not for the fast path. */
  private scanObject(b: Uint8Array): boolean {
    const values = this.values;
    for (let k = 0; k < values.length; k++) values[k] = undefined;
    let i = skipSpace(b, 0);
    if (b[i] !== OPEN_OBJECT) return false;
    i = skipSpace(b, i + 1);
    if (b[i] === CLOSE_OBJECT) return skipSpace(b, i + 1) === b.length;
    for (;;) {
      if (b[i] !== QUOTE) return false;
      const start = i + 1;
      let hash = 0;
      let c = b[start];
      let end = start;
      // A key with an escape or a non-ASCII byte is declined (matching it would need decoding).
      while (c !== QUOTE) {
        if (!(c >= 0x20 && c < 0x80) || c === BACKSLASH) return false;
        hash = (Math.imul(hash, 31) + c) | 0;
        c = b[++end];
      }
      const column = this.column(b, start, end, hash);
      i = skipSpace(b, end + 1);
      if (b[i] !== COLON) return false;
      i = this.scanValue(b, skipSpace(b, i + 1), column >= 0, 0);
      if (i < 0) return false;
      // A repeated key: the last one wins, as in JSON.parse.
      if (column >= 0) values[column] = this.value;
      i = skipSpace(b, i);
      c = b[i];
      if (c === COMMA) i = skipSpace(b, i + 1);
      else if (c === CLOSE_OBJECT) return skipSpace(b, i + 1) === b.length;
      else return false;
    }
  }

  /** The column whose name is bytes [start, end), or -1. */
  private column(b: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      const key = this.keys[entry - 1];
      if (key.length !== end - start) continue;
      let k = 0;
      while (k < key.length && key[k] === b[start + k]) k++;
      if (k === key.length) return entry - 1;
    }
  }

  /** Reads (into `value` when `want`) or skips the value at `i`; the index after it, or -1 to decline. */
  private scanValue(b: Uint8Array, i: number, want: boolean, depth: number): number {
    const c = b[i];
    if (c === QUOTE) return this.scanString(b, i, want);
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.scanNumber(b, i, want);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const end = this.skipNested(b, i, depth);
      // A nested value a column wants is valid ASCII JSON: JSON.parse makes exactly its value.
      if (end >= 0 && want) this.value = JSON.parse(latin1Slice.call(b, i, end));
      return end;
    }
    if (c === 0x74 && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) return this.literal(true, i + 4); // true
    if (c === 0x66 && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) return this.literal(false, i + 5); // false
    if (c === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) return this.literal(null, i + 4); // null
    return -1;
  }

  private literal(value: boolean | null, end: number): number {
    this.value = value;
    return end;
  }

  /** A string at `i` (its opening quote); escapes are checked here and decoded by JSON.parse. */
  private scanString(b: Uint8Array, i: number, want: boolean): number {
    let j = i + 1;
    let hash = 0;
    let escaped = false;
    for (;;) {
      const c = b[j];
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        const e = b[j + 1];
        if (e === 0x75) { // \uXXXX
          if (!isHex(b[j + 2]) || !isHex(b[j + 3]) || !isHex(b[j + 4]) || !isHex(b[j + 5])) return -1;
          j += 6;
        } else if (e === QUOTE || e === BACKSLASH || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          j += 2;
        } else {
          return -1;
        }
        continue;
      }
      // Control characters are not allowed in JSON strings; non-ASCII bytes would need UTF-8 decoding.
      if (!(c >= 0x20 && c < 0x80)) return -1;
      hash = (Math.imul(hash, 31) + c) | 0;
      j++;
    }
    if (want) this.value = escaped ? JSON.parse(latin1Slice.call(b, i, j + 1)) : this.text(b, i + 1, j, hash);
    return j + 1;
  }

  /** ASCII bytes [start, end) as a string, reusing the one made last time for the same short text. */
  private text(b: Uint8Array, start: number, end: number, hash: number): string {
    const length = end - start;
    if (length > MAX_CACHED_LENGTH) return latin1Slice.call(b, start, end);
    const slot = hash & (STRING_CACHE_SIZE - 1);
    const cached = this.strings[slot];
    if (cached !== undefined && cached.length === length) {
      let k = 0;
      while (k < length && cached.charCodeAt(k) === b[start + k]) k++;
      if (k === length) return cached;
    }
    const made = latin1Slice.call(b, start, end);
    this.strings[slot] = made;
    return made;
  }

  /**
   * A number at `i`, checked against JSON's grammar. Up to 15 significant digits without an exponent,
   * digits / 10^fraction is exact and correctly rounded (both are exact doubles) — the double JSON.parse
   * gives; anything longer is read by Number(), which reads JSON numbers as JSON.parse does.
   */
  private scanNumber(b: Uint8Array, i: number, want: boolean): number {
    const start = i;
    let c = b[i];
    const negative = c === MINUS;
    if (negative) c = b[++i];
    let digits = 0;
    let mantissa = 0;
    let fraction = 0;
    if (c === ZERO) {
      c = b[++i];
    } else if (c >= 0x31 && c <= NINE) {
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        c = b[++i];
      } while (c >= ZERO && c <= NINE);
    } else {
      return -1;
    }
    if (c === DOT) {
      c = b[++i];
      if (!(c >= ZERO && c <= NINE)) return -1;
      do {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        fraction++;
        c = b[++i];
      } while (c >= ZERO && c <= NINE);
    }
    let exact = digits <= 15;
    if (c === 0x65 || c === 0x45) { // e E
      exact = false;
      c = b[++i];
      if (c === PLUS || c === MINUS) c = b[++i];
      if (!(c >= ZERO && c <= NINE)) return -1;
      do c = b[++i]; while (c >= ZERO && c <= NINE);
    }
    if (want) {
      if (exact) {
        const magnitude = fraction === 0 ? mantissa : mantissa / POWERS_OF_TEN[fraction];
        this.value = negative ? -magnitude : magnitude;
      } else {
        this.value = Number(latin1Slice.call(b, start, i));
      }
    }
    return i;
  }

  /** Checks and skips the object or array at `i`; the index after it, or -1. */
  private skipNested(b: Uint8Array, i: number, depth: number): number {
    if (depth >= MAX_DEPTH) return -1;
    const object = b[i] === OPEN_OBJECT;
    const close = object ? CLOSE_OBJECT : CLOSE_ARRAY;
    let j = skipSpace(b, i + 1);
    if (b[j] === close) return j + 1;
    for (;;) {
      if (object) {
        if (b[j] !== QUOTE) return -1;
        j = this.scanString(b, j, false);
        if (j < 0) return -1;
        j = skipSpace(b, j);
        if (b[j] !== COLON) return -1;
        j = skipSpace(b, j + 1);
      }
      j = this.scanValue(b, j, false, depth + 1);
      if (j < 0) return -1;
      j = skipSpace(b, j);
      const c = b[j];
      if (c === close) return j + 1;
      if (c !== COMMA) return -1;
      j = skipSpace(b, j + 1);
    }
  }
}

/** The index of the first byte from `i` on that is not JSON whitespace (space, tab, LF, CR). */
function skipSpace(b: Uint8Array, i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return i;
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= ZERO && c <= NINE) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
}

/** The key hash the scanner computes while reading a key: h = h * 31 + byte, in 32 bits. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let hash = 0;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + b[i]) | 0;
  return hash;
}
