import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/core/errors.ts';
import { DataTypes } from '../../src/core/data-types.ts';
import { datagenTableFactory } from '../../src/connectors/datagen/table-factory.ts';
import { filesystemTableFactory } from '../../src/connectors/file/table-factory.ts';
import { kafkaTableFactory } from '../../src/connectors/kafka/table-factory.ts';
import { checkMetadataColumns, validateTableOptions } from '../../src/connectors/table-factory.ts';
import { closest } from '../../src/connectors/table-options.ts';

const KAFKA = { 'connector': 'kafka', 'topic': 't', 'properties.bootstrap.servers': '127.0.0.1:9092', 'format': 'json' };

function configError(fn: () => unknown, option: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof ConfigError, String(error));
    assert.equal(error.option, option);
    assert.match(error.message, message);
    return true;
  });
}

test('an unknown option is named with a did-you-mean and the list of valid options', () => {
  configError(
    () => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'scan.startup.mod': 'earliest-offset' }, "table 'orders'"),
    'scan.startup.mod',
    /is not an option of connector 'kafka' \(table 'orders'\)\. Did you mean 'scan.startup.mode'\? Valid options: connector, topic, topic-pattern, .*sink.partitioner/,
  );
});

test('a missing required option is named with the connector and table', () => {
  configError(() => validateTableOptions(filesystemTableFactory, { 'connector': 'filesystem', 'format': 'json' }, "table 'trades'"),
    'path', /is required by connector 'filesystem' \(table 'trades'\)/);
});

test('a bad enum value lists the allowed values and suggests the nearest', () => {
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'scan.startup.mode': 'earliest' }, "table 'orders'"),
    'scan.startup.mode', /'earliest' is not one of earliest-offset, latest-offset, group-offsets, timestamp, specific-offsets; did you mean 'earliest-offset'\?/);
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'format': 'protobuf' }, "table 'orders'"),
    'format', /'protobuf' is not one of json, csv, raw, avro, avro-confluent, debezium-json/);
});

test('enum values match case-insensitively and come back in their declared spelling', () => {
  const options = validateTableOptions(kafkaTableFactory, { ...KAFKA, 'scan.startup.mode': 'LATEST-OFFSET', 'value.fields-include': 'except_key' }, "table 't'");
  assert.equal(options['scan.startup.mode'], 'latest-offset');
  assert.equal(options['value.fields-include'], 'EXCEPT_KEY');
});

test("a format's own options are checked for the chosen format", () => {
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'json.ignore-parse-error': 'true' }, "table 't'"),
    'json.ignore-parse-error', /Did you mean 'json.ignore-parse-errors'\? Valid options: .*json.fail-on-missing-field/);
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'csv.field-delimiter': ';' }, "table 't'"),
    'csv.field-delimiter', /is an option of format 'csv', but 'format' is 'json'/);
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'json.timestamp-format.standard': 'RFC' }, "table 't'"),
    'json.timestamp-format.standard', /'RFC' is not one of SQL, ISO-8601/);
  // With value.format, the format's options carry the 'value.' prefix, as in Flink.
  const { format: _, ...noFormat } = KAFKA;
  const ok = validateTableOptions(kafkaTableFactory, { ...noFormat, 'value.format': 'csv', 'value.csv.field-delimiter': ';' }, "table 't'");
  assert.equal(ok['value.csv.field-delimiter'], ';');
});

test('defaults of the connector and of the chosen format are applied', () => {
  const options = validateTableOptions(kafkaTableFactory, KAFKA, "table 't'");
  assert.equal(options['sink.delivery-guarantee'], 'at-least-once');
  assert.equal(options['json.ignore-parse-errors'], 'false');
  assert.equal(options['json.timestamp-format.standard'], 'SQL');
  assert.equal(options['csv.field-delimiter'], undefined);
});

test('malformed numbers, booleans and durations are named', () => {
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'scan.startup.timestamp-millis': 'yesterday' }, "table 't'"),
    'scan.startup.timestamp-millis', /must be an integer, got 'yesterday'/);
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'json.ignore-parse-errors': 'yes' }, "table 't'"),
    'json.ignore-parse-errors', /must be 'true' or 'false', got 'yes'/);
  configError(() => validateTableOptions(kafkaTableFactory, { ...KAFKA, 'scan.topic-partition-discovery.interval': 'soon' }, "table 't'"),
    'scan.topic-partition-discovery.interval', /'soon' is not a duration/);
  configError(() => validateTableOptions(datagenTableFactory, { 'connector': 'datagen', 'number-of-rows': '-1' }, "table 't'"),
    'number-of-rows', /must be at least 0, got -1/);
});

test("'properties.*' passes any client property through", () => {
  const options = validateTableOptions(kafkaTableFactory, { ...KAFKA, 'properties.fetch.min.bytes': '1' }, "table 't'");
  assert.equal(options['properties.fetch.min.bytes'], '1');
});

test("a '#' option must name a column of the table", () => {
  configError(() => validateTableOptions(datagenTableFactory, { 'connector': 'datagen', 'fields.prise.min': '1' }, "table 't'", ['price', 'qty']),
    'fields.prise.min', /'prise' is not a column of the table \(table 't'\)\. Did you mean 'price'\? Columns: price, qty/);
  const options = validateTableOptions(datagenTableFactory, { 'connector': 'datagen', 'fields.price.min': '1' }, "table 't'", ['price']);
  assert.equal(options['fields.price.min'], '1');
});

test('metadata columns must be offered by the connector, with their type, and writable for a sink', () => {
  configError(() => checkMetadataColumns(kafkaTableFactory, [{ name: 'ts', key: 'timestap', type: DataTypes.TIMESTAMP_LTZ(3) }], 'source', "table 't'"),
    'ts', /metadata key 'timestap' is not offered by connector 'kafka' \(table 't'\)\. Did you mean 'timestamp'\? Available: topic, partition/);
  configError(() => checkMetadataColumns(kafkaTableFactory, [{ name: 'o', key: 'offset', type: DataTypes.BIGINT() }], 'sink', "table 't'"),
    'o', /metadata 'offset' of connector 'kafka' is read-only; declare the column VIRTUAL/);
  configError(() => checkMetadataColumns(kafkaTableFactory, [{ name: 'p', key: 'partition', type: DataTypes.STRING() }], 'source', "table 't'"),
    'p', /metadata 'partition' has type INT NOT NULL, but the column is declared STRING/);
  checkMetadataColumns(kafkaTableFactory, [{ name: 'o', key: 'offset', type: DataTypes.BIGINT(), virtual: true }], 'sink', "table 't'");
});

test('closest finds near misses and prefixes, and nothing for unrelated words', () => {
  assert.equal(closest('kafak', ['blackhole', 'kafka', 'print']), 'kafka');
  assert.equal(closest('earliest', ['earliest-offset', 'latest-offset']), 'earliest-offset');
  assert.equal(closest('zzzz', ['kafka', 'print']), undefined);
});
