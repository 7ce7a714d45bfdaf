/**
 * Rows ↔ binary Avro (no header: one datum per record, as Flink's 'avro' format on Kafka). Decoding
 * runs avsc's compiled reader of the table's schema straight into a row — or, for bytes written
 * with another schema, the compiled resolver of that schema pair, made once and kept — with no
 * generic object in between: the record the reader builds is the row.
 */
import avro from 'avsc';
import type { DataType, RowType } from '../core/data-types.ts';
import { RecordError, SluiceError, type RecordOrigin } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { avroSchemaOf, parseAvroSchema, type AvroSchema, type AvroType } from './avro-schema.ts';

type Resolver = ReturnType<AvroType['createResolver']>;

/** A table's Avro codec: its schema, and rows to and from Avro bytes. */
export interface AvroRowCodec {
  /** The reader's (and writer's) schema: the table's, or the one given. */
  readonly schema: AvroSchema;
  readonly type: AvroType;
  /** One datum written with this codec's own schema → a row. Throws a RecordError naming `origin`. */
  decode(bytes: Uint8Array, origin: RecordOrigin): Row;
  /**
   * One datum written with `writer` (another version of the schema) → a row of this codec's schema,
   * fields resolved by Avro's rules (added fields take their defaults, removed ones are skipped,
   * promotions apply). `start` skips a prefix (the registry wire format's five bytes).
   */
  decodeFrom(writer: AvroType, bytes: Uint8Array, start: number, origin: RecordOrigin): Row;
  /** A row → one datum; a value that does not fit its column throws naming the column. */
  encode(row: Row): Buffer;
  /**
   * The datum at `pos` of a buffer holding several (a container file's block), written with
   * `writer`; returns the row and where the next datum starts.
   */
  decodeAt(writer: AvroType, buffer: Buffer, pos: number, origin: RecordOrigin): { row: Row; next: number };
}

/** Options of {@link avroRowCodec}. */
export interface AvroRowCodecOptions {
  /** A schema to use instead of the one derived from the row type (Flink's 'avro.schema'); field names must match columns. */
  readonly schema?: AvroSchema;
  /** The option errors name; default 'format'. */
  readonly option?: string;
}

/**
 * The Avro codec of a row type (schema derived with Flink's mapping, see avro-schema.ts).
 *
 * @example
 * const codec = avroRowCodec(DataTypes.ROW([{ name: 'symbol', type: DataTypes.STRING() }]));
 * codec.decode(codec.encode({ symbol: 'AAPL' }), { source: 'trades', partition: 0, offset: 7 }) // { symbol: 'AAPL' }
 */
export function avroRowCodec(rowType: RowType, options: AvroRowCodecOptions = {}): AvroRowCodec {
  const schema = options.schema ?? avroSchemaOf(rowType, 'record', options.option);
  const type = parseAvroSchema(schema);
  const prepare = hasBinary(rowType) ? binaryToBuffers(rowType) : undefined;
  const resolvers = new Map<AvroType, { reader: AvroType; resolver: Resolver }>();
  function resolvedFor(writer: AvroType, origin: RecordOrigin): { reader: AvroType; resolver: Resolver } {
    let resolved = resolvers.get(writer);
    if (resolved === undefined) {
      try {
        // Avro matches records by name; the table's names are Flink's made-up ones, so the reader
        // takes the writer's names and its fields are matched by their own names.
        const reader = parseAvroSchema(withWriterNames(schema, writer.schema() as AvroSchema));
        resolved = { reader, resolver: reader.createResolver(writer) };
      } catch (error) {
        throw new RecordError(origin, `the writer's Avro schema cannot be read as the table's: ${(error as Error).message}`, { cause: error });
      }
      resolvers.set(writer, resolved);
    }
    return resolved;
  }
  return {
    schema,
    type,
    decode(bytes, origin) {
      return readDatum(type, undefined, asBuffer(bytes), 0, origin, "the table's schema");
    },
    decodeAt(writer, buffer, pos, origin) {
      const { reader, resolver } = resolvedFor(writer, origin);
      let decoded: { value: unknown; offset: number };
      try {
        decoded = reader.decode(buffer, pos, resolver);
      } catch (error) {
        throw new RecordError(origin, `not an Avro record of its writer's schema: ${error instanceof TypeError ? 'corrupt or truncated bytes' : (error as Error).message}`, { cause: error });
      }
      if (decoded.offset < 0) throw new RecordError(origin, 'truncated Avro record');
      return { row: decoded.value as Row, next: decoded.offset };
    },
    decodeFrom(writer, bytes, start, origin) {
      const resolved = resolvedFor(writer, origin);
      return readDatum(resolved.reader, resolved.resolver, asBuffer(bytes), start, origin, "its writer's schema");
    },
    encode(row) {
      const value = prepare === undefined ? row : prepare(row);
      try {
        return type.toBuffer(value);
      } catch (error) {
        throw new SluiceError(`Avro cannot write the row: ${invalidPath(type, value) ?? (error as Error).message}`, { cause: error });
      }
    },
  };
}

type SchemaObject = { [key: string]: unknown };

/**
 * The reader's schema with each record named as the writer's record in the same place (Avro
 * resolves records by name). A writer's reference to a record it defined earlier is followed, and a
 * name the reader already defined becomes a reference, as Avro wants each name defined once.
 */
function withWriterNames(reader: AvroSchema, writer: AvroSchema): AvroSchema {
  const named = new Map<string, SchemaObject>();
  collectNamed(writer, undefined, named);
  return renamed(reader, writer, named, new Set());
}

function fullName(schema: SchemaObject, namespace: string | undefined): string {
  const name = String(schema['name']);
  const space = (schema['namespace'] as string | undefined) ?? namespace;
  return name.includes('.') || space === undefined || space === '' ? name : `${space}.${name}`;
}

function collectNamed(schema: AvroSchema, namespace: string | undefined, named: Map<string, SchemaObject>): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNamed(branch, namespace, named);
    return;
  }
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as SchemaObject;
  if (s['type'] === 'record') {
    const name = fullName(s, namespace);
    named.set(name, s);
    const space = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
    for (const field of s['fields'] as SchemaObject[]) collectNamed(field['type'] as AvroSchema, space, named);
  } else if (s['type'] === 'array') collectNamed(s['items'] as AvroSchema, namespace, named);
  else if (s['type'] === 'map') collectNamed(s['values'] as AvroSchema, namespace, named);
  else if (typeof s['type'] === 'object') collectNamed(s['type'] as AvroSchema, namespace, named);
}

function renamed(reader: AvroSchema, writer: AvroSchema, named: Map<string, SchemaObject>, defined: Set<string>): AvroSchema {
  if (Array.isArray(reader)) return reader.map((branch) => renamed(branch, writer, named, defined));
  const resolve = (w: AvroSchema): AvroSchema => (typeof w === 'string' && named.has(w) ? named.get(w)! : w);
  const branches = Array.isArray(writer) ? writer.map(resolve) : [resolve(writer)];
  const wanted = typeof reader === 'object' && reader !== null ? (reader as SchemaObject)['type'] : undefined;
  const written = branches.find((b) => typeof b === 'object' && b !== null && !Array.isArray(b) && (b as SchemaObject)['type'] === wanted);
  if (typeof reader !== 'object' || reader === null || written === undefined) return reader;
  const r = reader as SchemaObject;
  const w = written as SchemaObject;
  if (r['type'] === 'record') {
    const name = fullName(w, undefined);
    const own = named.get(name) === w ? name : String(w['name']);
    if (defined.has(own)) return own;
    defined.add(own);
    const writerFields = w['fields'] as SchemaObject[];
    const fields = (r['fields'] as SchemaObject[]).map((field) => {
      const match = writerFields.find((f) => f['name'] === field['name']);
      return match === undefined ? field : { ...field, type: renamed(field['type'] as AvroSchema, match['type'] as AvroSchema, named, defined) };
    });
    return { ...r, name: own, fields };
  }
  if (r['type'] === 'array') return { ...r, items: renamed(r['items'] as AvroSchema, w['items'] as AvroSchema, named, defined) };
  if (r['type'] === 'map') return { ...r, values: renamed(r['values'] as AvroSchema, w['values'] as AvroSchema, named, defined) };
  return reader;
}

function readDatum(type: AvroType, resolver: Resolver | undefined, buffer: Buffer, start: number, origin: RecordOrigin, schema: string): Row {
  let decoded: { value: unknown; offset: number };
  try {
    decoded = type.decode(buffer, start, resolver);
  } catch (error) {
    // avsc reads past the end of garbage as a TypeError; its own errors say what was wrong.
    const reason = error instanceof TypeError ? 'corrupt or truncated bytes' : (error as Error).message;
    throw new RecordError(origin, `not an Avro record of ${schema}: ${reason}`, { cause: error });
  }
  if (decoded.offset < 0) throw new RecordError(origin, `truncated Avro record (${buffer.length - start} bytes are fewer than ${schema} reads)`);
  if (decoded.offset !== buffer.length) throw new RecordError(origin, `Avro record followed by ${buffer.length - decoded.offset} bytes more than ${schema} reads`);
  return decoded.value as Row;
}

/** A Buffer over the same memory (avsc reads Buffers). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function invalidPath(type: AvroType, value: unknown): string | undefined {
  let found: string | undefined;
  type.isValid(value, {
    errorHook(path: string[], bad: unknown, expected: AvroType) {
      found ??= `column '${path.join('.')}': ${JSON.stringify(bad) ?? String(bad)} is not a valid ${expected.typeName}`;
    },
  });
  return found;
}

function hasBinary(type: DataType): boolean {
  switch (type.kind) {
    case 'BINARY': case 'VARBINARY': return true;
    case 'ARRAY': case 'MULTISET': return hasBinary(type.element);
    case 'MAP': return hasBinary(type.value);
    case 'ROW': return type.fields.some((f) => hasBinary(f.type));
    default: return false;
  }
}

/** The engine holds bytes as Uint8Array; avsc writes Buffers. Copies only the paths that hold bytes. */
function binaryToBuffers(type: DataType): (row: Row) => Row {
  return converterOf(type) as (row: Row) => Row;
}

function converterOf(type: DataType): (value: unknown) => unknown {
  if (!hasBinary(type)) return (value) => value;
  switch (type.kind) {
    case 'BINARY': case 'VARBINARY':
      return (value) => (value instanceof Uint8Array ? asBuffer(value) : value);
    case 'ARRAY': case 'MULTISET': {
      const element = converterOf(type.element);
      return (value) => (Array.isArray(value) ? value.map(element) : value);
    }
    case 'MAP': {
      const entry = converterOf(type.value);
      return (value) => {
        if (value === null || typeof value !== 'object') return value;
        const out: Record<string, unknown> = {};
        const entries = value instanceof Map ? [...value] : Object.entries(value);
        for (const [k, v] of entries) out[String(k)] = entry(v);
        return out;
      };
    }
    case 'ROW': {
      const fields = type.fields.map((f) => [f.name, converterOf(f.type)] as const);
      return (value) => {
        if (value === null || typeof value !== 'object') return value;
        const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
        for (const [name, convert] of fields) out[name] = convert(out[name]);
        return out;
      };
    }
    default:
      return (value) => value;
  }
}
