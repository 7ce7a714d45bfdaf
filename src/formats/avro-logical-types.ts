/**
 * Avro's logical types in the engine's runtime representation (src/core/data-types.ts): a decimal is
 * a number, a date days since the epoch, a time milliseconds of the day, a timestamp epoch
 * milliseconds — whether the bytes hold millis or micros. Each class tells avsc how to read the
 * value from its underlying type and back, and which writers' types it can read (schema
 * evolution: a writer's timestamp-micros read into a reader's timestamp-millis column, a long into
 * a decimal). `uuid` needs nothing: it stays a string.
 */
import avro from 'avsc';

type Schema = Record<string, unknown>;
type AvroType = InstanceType<typeof avro.Type>;

const LogicalType = avro.types.LogicalType;

function logicalNameOf(type: AvroType): string | undefined {
  const name = type.typeName;
  return name.startsWith('logical:') ? name.slice('logical:'.length) : undefined;
}

/** Whether the writer's value, once read by its own type, is already what these readers hold. */
function readsAs(type: AvroType, primitives: readonly string[], logical: readonly string[]): boolean {
  const name = logicalNameOf(type);
  return name === undefined ? primitives.includes(type.typeName) : logical.includes(name);
}

const TIMESTAMPS = ['timestamp-millis', 'timestamp-micros', 'local-timestamp-millis', 'local-timestamp-micros'];
const TIMES = ['time-millis', 'time-micros'];
const identity = (value: unknown) => value;

/** A count of milliseconds stored as is (date: days; time-millis; timestamp-millis). */
class MillisType extends LogicalType {
  protected override _fromValue(value: unknown): unknown { return value; }
  protected override _toValue(value: unknown): unknown { return value; }
  protected override _resolve(type: AvroType): ((value: unknown) => unknown) | undefined {
    const name = logicalNameOf(this as unknown as AvroType)!;
    if (name === 'date') return readsAs(type, ['int'], ['date']) ? identity : undefined;
    if (TIMES.includes(name)) return readsAs(type, ['int', 'long'], TIMES) ? identity : undefined;
    return readsAs(type, ['int', 'long'], TIMESTAMPS) ? identity : undefined;
  }
}

/** Microseconds in the bytes, milliseconds in the engine (precision beyond milliseconds is not kept). */
class MicrosType extends LogicalType {
  protected override _fromValue(value: unknown): unknown { return Math.floor((value as number) / 1000); }
  protected override _toValue(value: unknown): unknown { return typeof value === 'number' ? value * 1000 : value; }
  protected override _resolve(type: AvroType): ((value: unknown) => unknown) | undefined {
    const name = logicalNameOf(this as unknown as AvroType)!;
    const family = TIMES.includes(name) ? TIMES : TIMESTAMPS;
    if (logicalNameOf(type) !== undefined) return family.includes(logicalNameOf(type)!) ? identity : undefined;
    // A plain long written where micros are read: it holds micros.
    return type.typeName === 'long' || type.typeName === 'int' ? (value) => Math.floor((value as number) / 1000) : undefined;
  }
}

/**
 * `decimal` on bytes or fixed: the unscaled value as big-endian two's complement. Read as a number
 * (exact to about 15 significant digits, as the engine's DECIMAL is); written rounded half up to the
 * scale.
 */
class DecimalType extends LogicalType {
  private readonly scale: number;
  private readonly precision: number;
  private readonly fixedSize: number | undefined;

  constructor(schema: Schema, options?: unknown) {
    super(schema as never, options);
    this.scale = typeof schema['scale'] === 'number' ? schema['scale'] : 0;
    this.precision = typeof schema['precision'] === 'number' ? schema['precision'] : 38;
    const underlying = (this as unknown as { underlyingType: AvroType }).underlyingType as AvroType & { size?: number };
    this.fixedSize = underlying.typeName === 'fixed' ? underlying.size : undefined;
  }

  protected override _fromValue(value: unknown): unknown {
    const bytes = value as Uint8Array;
    if (bytes.length === 0) return 0;
    let unscaled = 0n;
    for (let i = 0; i < bytes.length; i++) unscaled = (unscaled << 8n) | BigInt(bytes[i]);
    if (bytes[0] & 0x80) unscaled -= 1n << BigInt(bytes.length * 8);
    return this.scale === 0 ? Number(unscaled) : Number(unscaled) / 10 ** this.scale;
  }

  protected override _toValue(value: unknown): unknown {
    if (typeof value !== 'number' || !Number.isFinite(value)) return undefined; // avsc reports it as invalid
    const unscaled = BigInt(roundHalfUp(value, this.scale));
    if (unscaled.toString().replace('-', '').length > this.precision) return undefined;
    return twosComplement(unscaled, this.fixedSize);
  }

  protected override _resolve(type: AvroType): ((value: unknown) => unknown) | undefined {
    if (logicalNameOf(type) === 'decimal') return identity;
    return ['int', 'long', 'float', 'double'].includes(type.typeName) ? identity : undefined;
  }

  protected override _export(schema: never): void {
    (schema as Schema)['precision'] = this.precision;
    (schema as Schema)['scale'] = this.scale;
  }
}

/** The unscaled integer of `value` at `scale` digits, half up, as text (no float error at the boundary). */
function roundHalfUp(value: number, scale: number): string {
  const [digits, fraction = ''] = Math.abs(value).toFixed(Math.min(scale + 1, 100)).split('.');
  let unscaled = BigInt(digits + fraction.slice(0, scale).padEnd(scale, '0'));
  if (fraction.length > scale && fraction[scale] >= '5') unscaled += 1n;
  return (value < 0 && unscaled !== 0n ? '-' : '') + unscaled.toString();
}

function twosComplement(unscaled: bigint, size: number | undefined): Buffer {
  let length = 1;
  while (unscaled >= 1n << BigInt(length * 8 - 1) || unscaled < -(1n << BigInt(length * 8 - 1))) length++;
  const width = size ?? length;
  let bits = unscaled < 0n ? (1n << BigInt(width * 8)) + unscaled : unscaled;
  const out = Buffer.alloc(width, unscaled < 0n ? 0xff : 0);
  for (let i = width - 1; i >= 0 && bits > 0n; i--) {
    out[i] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return out;
}

/**
 * The logical types every Avro schema of the engine is parsed with (avsc's `logicalTypes` option).
 *
 * @example
 * const type = avro.Type.forSchema({ type: 'int', logicalType: 'date' }, { logicalTypes: AVRO_LOGICAL_TYPES });
 * type.fromBuffer(type.toBuffer(19723)) // 19723 (2024-01-01)
 */
export const AVRO_LOGICAL_TYPES = {
  'decimal': DecimalType,
  'date': MillisType,
  'time-millis': MillisType,
  'time-micros': MicrosType,
  'timestamp-millis': MillisType,
  'timestamp-micros': MicrosType,
  'local-timestamp-millis': MillisType,
  'local-timestamp-micros': MicrosType,
} as unknown as Record<string, new (schema: never, opts?: unknown) => InstanceType<typeof LogicalType>>;
