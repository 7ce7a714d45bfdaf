/**
 * Rows ↔ Avro in the schema-registry wire format (Flink's 'avro-confluent'). Reading: each record
 * names its writer schema by id; the ids a batch needs are fetched from the registry before the
 * batch is decoded (`prepare`, the only await), each parsed once and resolved to the table's schema
 * by a compiled resolver kept per id. Writing: the table's schema (or the one given) is registered
 * under the subject when the sink opens, and every record carries its id.
 */
import type { RowType } from '../../core/data-types.ts';
import { ConfigError, RecordError, SluiceError, type RecordOrigin } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { avroRowCodec, type AvroRowCodec } from '../../formats/avro.ts';
import { parseAvroSchema, type AvroSchema, type AvroType } from '../../formats/avro-schema.ts';
import { confluentFrame, confluentSchemaId, peekConfluentSchemaId } from '../../formats/confluent-wire.ts';
import { SchemaRegistryClient, SchemaRegistryError } from './registry-client.ts';

/** How a subject is named (Confluent's subject name strategies). */
export type SubjectNameStrategy = 'topic' | 'record' | 'topic-record';

/** What the codec needs besides the row type. */
export interface AvroConfluentSettings {
  readonly client: SchemaRegistryClient;
  /** The subject to register under; default by the strategy. */
  readonly subject?: string;
  readonly strategy: SubjectNameStrategy;
  /** The topic written to (for the topic strategies). */
  readonly topic?: string;
  readonly isKey: boolean;
  /** A writer schema to use instead of the table's (Flink's 'avro-confluent.schema'). */
  readonly schema?: AvroSchema;
  /** The option that chose the format, for messages. */
  readonly option: string;
}

/** A writer schema the registry gave, or why it could not be had. */
type Writer = { readonly type: AvroType } | { readonly error: string };

/** The avro-confluent codec of one table's key or value. */
export interface AvroConfluentCodec {
  readonly avro: AvroRowCodec;
  /** Fetches the writer schemas of these record bytes not seen yet; undefined when all are known. */
  prepare(values: readonly unknown[]): Promise<void> | undefined;
  /** Checks the registry and registers the write schema (sinks, before the first record). */
  open(): Promise<void>;
  decode(bytes: Uint8Array, origin: RecordOrigin): Row;
  encode(row: Row): Buffer;
}

/**
 * The codec; nothing is asked of the registry until `prepare` or `open`.
 *
 * @example
 * const codec = avroConfluentCodec(rowType, { client, strategy: 'topic', topic: 'trades', isKey: false, option: 'value.format' });
 * await codec.open(); // registers subject 'trades-value'
 */
export function avroConfluentCodec(type: RowType, settings: AvroConfluentSettings): AvroConfluentCodec {
  const avro = avroRowCodec(type, { option: settings.option });
  const writeCodec = settings.schema === undefined ? avro : avroRowCodec(type, { schema: settings.schema, option: settings.option });
  const writers = new Map<number, Writer>();
  const { client } = settings;
  let checked: Promise<void> | undefined;
  let writeId: number | undefined;

  async function fetchWriters(ids: readonly number[]): Promise<void> {
    checked ??= client.check();
    await checked;
    await Promise.all(ids.map(async (id) => {
      try {
        const { schema } = await client.schemaById(id);
        writers.set(id, { type: parseAvroSchema(JSON.parse(schema) as AvroSchema) });
      } catch (error) {
        // The record names a schema the registry does not have (or not an Avro one): a bad record.
        if (error instanceof SchemaRegistryError && error.status !== 401 && error.status !== 403) writers.set(id, { error: error.message });
        else throw error;
      }
    }));
  }

  return {
    avro,
    prepare(values) {
      let missing: number[] | undefined;
      for (let i = 0; i < values.length; i++) {
        const id = peekConfluentSchemaId(values[i]);
        if (id !== undefined && !writers.has(id) && !(missing ??= []).includes(id)) missing.push(id);
      }
      if (missing === undefined) return checked === undefined ? (checked = client.check()) : undefined;
      return fetchWriters(missing);
    },
    async open() {
      checked ??= client.check();
      await checked;
      const subject = subjectOf(settings, writeCodec.schema);
      writeId = await client.register(subject, JSON.stringify(writeCodec.schema));
    },
    decode(bytes, origin) {
      const id = confluentSchemaId(bytes, origin);
      const writer = writers.get(id);
      if (writer === undefined) throw new SluiceError(`${origin.source}: schema ${id} was not fetched before decoding (a reader must call prepare)`);
      if ('error' in writer) throw new RecordError(origin, `unknown schema id ${id}: ${writer.error}`);
      return avro.decodeFrom(writer.type, bytes, 5, origin);
    },
    encode(row) {
      if (writeId === undefined) throw new SluiceError(`the ${settings.option} 'avro-confluent' writer was not opened (no schema id registered)`);
      return confluentFrame(writeId, writeCodec.encode(row));
    },
  };
}

function subjectOf(settings: AvroConfluentSettings, schema: AvroSchema): string {
  if (settings.subject !== undefined) return settings.subject;
  const suffix = settings.isKey ? 'key' : 'value';
  if (settings.strategy === 'topic') {
    if (settings.topic === undefined) throw new ConfigError(settings.option, "'avro-confluent' needs a topic (or 'avro-confluent.subject') to name the subject");
    return `${settings.topic}-${suffix}`;
  }
  const record = schema as { name?: string; namespace?: string };
  const name = record.namespace !== undefined && !String(record.name).includes('.') ? `${record.namespace}.${record.name}` : String(record.name);
  if (settings.strategy === 'record') return name;
  if (settings.topic === undefined) throw new ConfigError(settings.option, "the 'topic-record' subject strategy needs a topic");
  return `${settings.topic}-${name}`;
}
