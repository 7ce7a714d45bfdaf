// The 'avro' format: Flink's schema for a table, bytes that match the Avro specification (checked
// against a hand encoding of the spec, not against the library), logical types in the engine's
// representation, schema evolution through a resolved reader, and bad bytes named by origin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataTypes, notNull } from '../../src/core/data-types.ts';
import { RecordError } from '../../src/core/errors.ts';
import { avroRowCodec } from '../../src/formats/avro.ts';
import { avroSchemaOf, parseAvroSchema } from '../../src/formats/avro-schema.ts';

const T = DataTypes;
const origin = { source: 'trades', partition: 0, offset: 7 };

/** Avro's long encoding (zigzag, then base-128 varint), written from the specification. */
function zigzag(n: number): number[] {
  let z = n >= 0 ? 2 * n : -2 * n - 1;
  const out: number[] = [];
  while (z >= 0x80) { out.push((z % 0x80) | 0x80); z = Math.floor(z / 0x80); }
  out.push(z);
  return out;
}
const utf8 = (s: string) => [...zigzag(Buffer.byteLength(s)), ...Buffer.from(s)];

test("a table's Avro schema follows Flink's mapping: nullable columns are unions with null, logical types by precision", () => {
  const schema = avroSchemaOf(T.ROW([
    { name: 'id', type: notNull(T.BIGINT()) },
    { name: 'price', type: T.DECIMAL(10, 2) },
    { name: 'day', type: T.DATE() },
    { name: 'at', type: notNull(T.TIME(3)) },
    { name: 'at_us', type: notNull(T.TIME(6)) },
    { name: 'ts', type: notNull(T.TIMESTAMP(3)) },
    { name: 'ts_us', type: notNull(T.TIMESTAMP_LTZ(6)) },
    { name: 'address', type: T.ROW([{ name: 'city', type: notNull(T.STRING()) }]) },
  ]));
  assert.deepEqual(schema, {
    type: 'record', name: 'record', fields: [
      { name: 'id', type: 'long' },
      { name: 'price', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }], default: null },
      { name: 'day', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
      { name: 'at', type: { type: 'int', logicalType: 'time-millis' } },
      { name: 'at_us', type: { type: 'long', logicalType: 'time-micros' } },
      { name: 'ts', type: { type: 'long', logicalType: 'timestamp-millis' } },
      { name: 'ts_us', type: { type: 'long', logicalType: 'timestamp-micros' } },
      { name: 'address', type: ['null', { type: 'record', name: 'record_address', fields: [{ name: 'city', type: 'string' }] }], default: null },
    ],
  });
});

test('encoded bytes are those the Avro specification gives for the record', () => {
  const codec = avroRowCodec(T.ROW([
    { name: 'id', type: notNull(T.BIGINT()) },
    { name: 'symbol', type: T.STRING() },
    { name: 'price', type: T.DECIMAL(6, 2) },
    { name: 'ts', type: notNull(T.TIMESTAMP(6)) },
  ]));
  const bytes = codec.encode({ id: -3, symbol: 'AAPL', price: -1.5, ts: 1704103200123 });
  // decimal -1.50 at scale 2 = unscaled -150 = 0xff6a in two's complement
  const expected = [...zigzag(-3), ...zigzag(1), ...utf8('AAPL'), ...zigzag(1), ...zigzag(2), 0xff, 0x6a, ...zigzag(1704103200123 * 1000)];
  assert.deepEqual([...bytes], expected);
  const nulls = codec.encode({ id: 1, symbol: null, price: undefined, ts: 0 });
  assert.deepEqual([...nulls], [...zigzag(1), ...zigzag(0), ...zigzag(0), ...zigzag(0)]);
});

test('every logical type comes back in the engine representation; decimals round half up to their scale', () => {
  const type = T.ROW([
    { name: 'price', type: T.DECIMAL(10, 2) },
    { name: 'big', type: T.DECIMAL(38, 0) },
    { name: 'day', type: T.DATE() },
    { name: 'at', type: T.TIME(3) },
    { name: 'at_us', type: T.TIME(6) },
    { name: 'ts', type: T.TIMESTAMP(3) },
    { name: 'ts_us', type: T.TIMESTAMP(6) },
    { name: 'payload', type: T.BYTES() },
    { name: 'tags', type: T.ARRAY(T.STRING()) },
    { name: 'attrs', type: T.MAP(T.STRING(), T.INT()) },
  ]);
  const codec = avroRowCodec(type);
  const row = {
    price: -12.345, big: 123456789012345, day: 19723, at: 3_600_001, at_us: 3_600_002, ts: 1704103200123, ts_us: -1,
    payload: new Uint8Array([0, 255]), tags: ['a', null], attrs: { x: 1 },
  };
  const back = codec.decode(codec.encode(row), origin);
  assert.deepEqual({ ...back, payload: [...(back['payload'] as Uint8Array)] }, { ...row, price: -12.35, payload: [0, 255] });
});

test('a uuid column written by another producer reads as its string', () => {
  const writer = parseAvroSchema({ type: 'record', name: 'r', fields: [{ name: 'id', type: { type: 'string', logicalType: 'uuid' } }] });
  const codec = avroRowCodec(T.ROW([{ name: 'id', type: notNull(T.STRING()) }]));
  const id = '0b8d7c1e-44e4-4d8f-9f5e-1c1a3b2c4d5e';
  assert.deepEqual({ ...codec.decodeFrom(writer, writer.toBuffer({ id }), 0, origin) }, { id });
});

test("another version of the schema is resolved to the table's: added columns read null, removed ones are skipped, micros become millis", () => {
  const codec = avroRowCodec(T.ROW([{ name: 'id', type: notNull(T.BIGINT()) }, { name: 'note', type: T.STRING() }, { name: 'ts', type: T.TIMESTAMP(3) }]));
  const writer = parseAvroSchema({
    type: 'record', name: 'trade', fields: [
      { name: 'id', type: 'int' }, // promoted to long
      { name: 'gone', type: 'string' },
      { name: 'ts', type: { type: 'long', logicalType: 'timestamp-micros' } },
    ],
  });
  const bytes = Buffer.concat([Buffer.from([0, 0, 0, 0, 9]), writer.toBuffer({ id: 4, gone: 'x', ts: 1704103200123 })]);
  assert.deepEqual({ ...codec.decodeFrom(writer, bytes, 5, origin) }, { id: 4, note: null, ts: 1704103200123 });
  const clash = parseAvroSchema({ type: 'record', name: 'r', fields: [{ name: 'id', type: 'string' }] });
  assert.throws(() => codec.decodeFrom(clash, clash.toBuffer({ id: 'x' }), 0, origin),
    (e: unknown) => e instanceof RecordError && /trades partition 0 offset 7: the writer's Avro schema cannot be read as the table's/.test(e.message));
});

test('truncated, trailing and garbage bytes are record errors naming the origin', () => {
  const codec = avroRowCodec(T.ROW([{ name: 'id', type: notNull(T.BIGINT()) }, { name: 'symbol', type: notNull(T.STRING()) }]));
  const bytes = codec.encode({ id: 1, symbol: 'AAPL' });
  assert.throws(() => codec.decode(bytes.subarray(0, bytes.length - 1), origin), /trades partition 0 offset 7: truncated Avro record/);
  assert.throws(() => codec.decode(Buffer.concat([bytes, Buffer.from([0])]), origin), /followed by 1 bytes more than/);
  assert.throws(() => codec.decode(Buffer.from([0x02, 0x7f]), origin), (e: unknown) => e instanceof RecordError && /offset 7/.test(e.message));
});

test('a value that does not fit its column fails the write naming the column', () => {
  const codec = avroRowCodec(T.ROW([{ name: 'n', type: notNull(T.INT()) }]));
  assert.throws(() => codec.encode({ n: 1.5 }), /column 'n': 1.5 is not a valid int/);
  assert.throws(() => avroSchemaOf(T.ROW([{ name: 'bad-name', type: T.INT() }])), /Avro cannot name the column 'bad-name'/);
});

test("an 'avro' table on the in-process log: INSERT INTO writes Avro, SELECT reads it back", async () => {
  const { EnvironmentSettings, TableEnvironment } = await import('../../src/index.ts');
  const topic = `avro_log_${process.pid}`;
  const env = TableEnvironment.create({ ...EnvironmentSettings.inStreamingMode(), runOptions: { handleSignals: false } });
  env.executeSql(`CREATE TABLE t (id BIGINT, price DECIMAL(10, 2), ts TIMESTAMP(3)) WITH ('connector' = 'sluice-log', 'topic' = '${topic}',
    'format' = 'avro', 'sink.partitions' = '1', 'scan.bounded.mode' = 'latest-offset')`);
  await env.executeSql(`INSERT INTO t VALUES (1, 2.5, TIMESTAMP '2024-01-01 10:00:00'), (2, NULL, NULL)`).await();
  const { defaultLog } = await import('../../src/connectors/log/in-process-log.ts');
  const values = defaultLog().read(topic, 0, 0, 10).map((r: { value: unknown }) => r.value);
  assert.ok(values.every((v: unknown) => v instanceof Uint8Array), 'the log holds bytes');
  const rows = await env.sqlQuery('SELECT * FROM t').collect();
  assert.deepEqual(rows.map((r) => ({ ...r })), [{ id: 1, price: 2.5, ts: 1704103200000 }, { id: 2, price: null, ts: null }]);
});
