import { ConfigError, RecordError, type RecordOrigin } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import type { RowType } from '../../core/data-types.ts';
import { avroRowCodec } from '../../formats/avro.ts';
import { csvFormat } from '../../formats/csv.ts';
import type { RowFormat, SimpleSchema } from '../../formats/format.ts';
import { textOf } from '../../formats/format.ts';
import { jsonFormat } from '../../formats/json.ts';

/**
 * How a record key or value is written on Kafka: 'json' (a JSON object ↔ a row), 'csv' (a CSV line
 * ↔ a row, needs columns), 'avro' (binary Avro ↔ a row, needs `avro`: the row type), 'string'
 * (UTF-8 text ↔ a string) or 'raw' (the bytes as a Buffer, as Spark's `key`/`value` columns and
 * Flink's 'raw' format have them).
 */
export type KafkaFormat = 'json' | 'csv' | 'avro' | 'string' | 'raw';

/** The settings a row format needs: typed columns, and for CSV their order. */
export interface KafkaFormatSettings {
  readonly schema?: SimpleSchema;
  /** CSV column order; defaults to the schema's keys. */
  readonly columns?: readonly string[];
  /** CSV field delimiter; default ','. */
  readonly delimiter?: string;
  /** 'avro': the row type, whose Avro schema (Flink's mapping) the bytes are written with. */
  readonly avro?: RowType;
}

/** Bytes ↔ values for one format. `decode` throws a {@link RecordError}; null bytes decode to null. */
export interface KafkaCodec {
  readonly format: KafkaFormat;
  /** A record's value from its bytes (null for a tombstone); a RecordError naming `origin` if they do not parse. */
  decode(bytes: Buffer | null, origin: RecordOrigin): unknown;
  /** The bytes to write for a value (null for a tombstone). */
  encode(value: unknown): Buffer | null;
}

/**
 * The value formats the Kafka connectors read and write by name.
 *
 * @example
 * KAFKA_FORMATS.includes('json') // true
 */
export const KAFKA_FORMATS: readonly KafkaFormat[] = ['json', 'csv', 'avro', 'string', 'raw'];

/**
 * The codec for a format; `option` names the setting in errors.
 *
 * @example
 * const codec = kafkaCodec('json', {}, 'valueFormat');
 * codec.decode(Buffer.from('{"a":1}'), { source: 'trades', partition: 0, offset: 7 }) // { a: 1 }
 */
export function kafkaCodec(format: KafkaFormat, settings: KafkaFormatSettings, option: string): KafkaCodec {
  switch (format) {
    case 'json':
      return rowCodec('json', jsonFormat({ schema: settings.schema }));
    case 'csv':
      if ((settings.columns ?? Object.keys(settings.schema ?? {})).length === 0) {
        throw new ConfigError(option, "'csv' needs its columns (columns, or a schema)");
      }
      return rowCodec('csv', csvFormat({ columns: settings.columns, schema: settings.schema, delimiter: settings.delimiter }));
    case 'avro': {
      if (settings.avro === undefined) throw new ConfigError(option, "'avro' needs the row type (settings.avro, e.g. DataTypes.ROW([...]))");
      const avro = avroRowCodec(settings.avro, { option });
      return {
        format,
        decode: (bytes, origin) => (bytes === null ? null : avro.decode(bytes, origin)),
        encode: (value) => (value === null || value === undefined ? null : avro.encode(value as Row)),
      };
    }
    case 'string':
      return {
        format,
        decode: (bytes, origin) => (bytes === null ? null : textOf(bytes, origin)),
        encode: (value) => (value === null || value === undefined ? null : Buffer.from(typeof value === 'string' ? value : String(value))),
      };
    case 'raw':
      return { format, decode: (bytes) => bytes, encode: rawBytes };
    default:
      throw new ConfigError(option, `must be one of ${KAFKA_FORMATS.map((f) => `'${f}'`).join(', ')}, got '${String(format)}'`);
  }
}

function rowCodec(name: 'json' | 'csv', rows: RowFormat): KafkaCodec {
  return {
    format: name,
    decode: (bytes, origin) => (bytes === null ? null : rows.decode(bytes, origin)),
    encode(value) {
      if (value === null || value === undefined) return null;
      if (typeof value !== 'object' || Array.isArray(value)) {
        if (name === 'json') return Buffer.from(JSON.stringify(value));
        throw new RecordError({ source: 'kafka sink' }, `the csv format writes rows (objects), got ${typeof value}`);
      }
      return Buffer.from(rows.encode(value as Row));
    },
  };
}

function rawBytes(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'string') return Buffer.from(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return Buffer.from(String(value));
  throw new RecordError({ source: 'kafka sink' }, `the raw format writes bytes or text, got ${typeof value} (use 'json' for objects)`);
}
