/**
 * The `sluice-log` table connector: a topic of the in-process log (Kafka's semantics, no broker),
 * with the Kafka connector's option names — `topic`, `properties.group.id`, `scan.startup.mode`,
 * `scan.bounded.mode`, `format`, `key.format` / `key.fields`. Reads records with their place in the
 * log (for metadata columns and exact error origins); writes exactly once per checkpoint.
 */
import { DataTypes, notNull } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSink, OrderedKeys, type RecordMapper } from '../mapped-connectors.ts';
import { messageEncoder, messageLayout, messageRowMapper } from '../message-table-rows.ts';
import type { Sink, Source } from '../spi.ts';
import type { MetadataSpec, TableContext, TableFactory } from '../table-factory.ts';
import { changelogFormatCapability } from '../table-formats.ts';
import { numberOf } from '../table-options.ts';
import { defaultLog, type InProcessLog } from './in-process-log.ts';
import type { LogKey, LogRecord } from './log-record.ts';
import { logSink } from './log-sink.ts';
import { logSource } from './log-source.ts';

const ROW_FORMATS = ['json', 'csv', 'raw', 'avro'];
const FORMATS = [...ROW_FORMATS, 'debezium-json', 'canal-json', 'maxwell-json'];

const METADATA: readonly MetadataSpec[] = [
  { key: 'topic', type: notNull(DataTypes.STRING()), readable: true, writable: false, description: 'the topic of the record' },
  { key: 'partition', type: notNull(DataTypes.INT()), readable: true, writable: false, description: 'the partition of the record' },
  { key: 'offset', type: notNull(DataTypes.BIGINT()), readable: true, writable: false, description: 'the offset of the record in its partition' },
  { key: 'timestamp', type: notNull(DataTypes.TIMESTAMP_LTZ(3)), readable: true, writable: true, description: 'the record timestamp' },
  { key: 'headers', type: notNull(DataTypes.MAP(DataTypes.STRING(), DataTypes.STRING())), readable: true, writable: false, description: 'the record headers' },
];

/**
 * A `sluice-log` factory over the given log (tests pass their own; the default is the process's
 * {@link defaultLog}).
 *
 * @example
 * const factory = createLogTableFactory(() => new InProcessLog());
 */
export function createLogTableFactory(logOf: () => InProcessLog = defaultLog): TableFactory {
  return {
    identifier: 'sluice-log',
    description: "a topic of the in-process log, with the Kafka connector's options",
    sourceCapability: 'insert-only',
    sourceCapabilityOf: changelogFormatCapability,
    sinkCapability: 'insert-only',
    metadata: METADATA,
    options: [
      { key: 'topic', type: 'string', required: true, description: 'the topic' },
      { key: 'properties.group.id', type: 'string', description: 'the consumer group: offsets are committed for it at checkpoints' },
      { key: 'properties.auto.offset.reset', type: 'enum', values: ['earliest', 'latest'], description: "with 'group-offsets', where a partition without a committed offset starts (default earliest)" },
      { key: 'scan.startup.mode', type: 'enum', values: ['earliest-offset', 'latest-offset', 'group-offsets'], description: "where reading starts; default 'group-offsets' with a group id, else 'earliest-offset'" },
      { key: 'scan.bounded.mode', type: 'enum', values: ['unbounded', 'latest-offset'], default: 'unbounded', description: "'latest-offset' ends each partition at the offset it had when reading started" },
      { key: 'sink.partitions', type: 'int', min: 1, description: 'create the topic with this many partitions when it does not exist (written tables)' },
      { key: 'format', type: 'enum', values: FORMATS, default: 'json', description: 'the value format' },
      { key: 'value.format', type: 'enum', values: FORMATS, description: "the value format (instead of 'format')" },
      { key: 'key.format', type: 'enum', values: ROW_FORMATS, description: 'the key format (with key.fields)' },
      { key: 'key.fields', type: 'string', description: "the columns that make the key, 'a;b'" },
      { key: 'value.fields-include', type: 'enum', values: ['ALL', 'EXCEPT_KEY'], default: 'ALL', description: 'whether the value also holds the key fields' },
    ],
    createSource: (ctx) => createLogTableSource(logOf(), ctx),
    createSink: (ctx) => createLogTableSink(logOf(), ctx),
  };
}

/**
 * `'connector' = 'sluice-log'` on the process's {@link defaultLog}.
 *
 * @example
 * // CREATE TABLE trades (symbol STRING, price DOUBLE) WITH ('connector' = 'sluice-log', 'topic' = 'trades', 'format' = 'json')
 */
export const logTableFactory: TableFactory = createLogTableFactory();

function createLogTableSource(log: InProcessLog, ctx: TableContext): Source<Row> {
  const { options } = ctx;
  const group = options['properties.group.id'];
  const mode = options['scan.startup.mode'] ?? (group === undefined ? 'earliest-offset' : 'group-offsets');
  if (mode === 'group-offsets' && group === undefined) throw new ConfigError('scan.startup.mode', "'group-offsets' needs 'properties.group.id'");
  const layout = messageLayout(options, ctx.schema, ctx.primaryKey);
  // A log record has the fields of a LogMessage (headers are text), so the row mapper reads it as one,
  // inside the reader's loop over the partition: one pass, no record objects.
  const map: RecordMapper<LogRecord, Row> = messageRowMapper(layout, ctx.metadataColumns, false);
  return logSource<Row>(log, {
    topic: options['topic'],
    group,
    startFrom: mode === 'earliest-offset' ? 'earliest' : mode === 'latest-offset' ? 'latest' : 'committed',
    resetTo: options['properties.auto.offset.reset'] as 'earliest' | 'latest' | undefined,
    format: 'raw',
    map,
    bounded: options['scan.bounded.mode'] === 'latest-offset',
    name: `sluice-log:${options['topic']}`,
  });
}

function createLogTableSink(log: InProcessLog, ctx: TableContext): Sink<Row> {
  const { options } = ctx;
  const layout = messageLayout(options, ctx.schema, ctx.primaryKey);
  const encode = messageEncoder(layout, false);
  const partitions = numberOf(options, 'sink.partitions');
  const keys = new OrderedKeys<LogKey>();
  const sink = logSink<unknown>(log, {
    topic: options['topic'],
    format: 'raw',
    key: layout.key === undefined ? undefined : keys.take,
    autoCreate: partitions === undefined ? undefined : { partitions },
    name: `sluice-log:${options['topic']}`,
  });
  const timeColumn = ctx.metadataColumns.find((m) => m.key === 'timestamp' && m.virtual !== true)?.name;
  return mapSink(sink, (rows: Row[], times) => {
    const values: unknown[] = [];
    const outTimes: number[] = [];
    const batchKeys: LogKey[] = [];
    for (let i = 0; i < rows.length; i++) {
      const message = encode(rows[i]);
      if (message === undefined) continue;
      values.push(message.value);
      batchKeys.push(message.key);
      const time = timeColumn === undefined ? undefined : rows[i][timeColumn];
      outTimes.push(typeof time === 'number' ? time : times[i]);
    }
    keys.set(batchKeys);
    return { values, times: outTimes };
  }, {
    beforeOpen() {
      if (partitions === undefined && !log.hasTopic(options['topic'])) {
        throw new ConfigError('topic', `'${options['topic']}' does not exist in the in-process log; create it, or set 'sink.partitions' to create it (table '${ctx.table}')`);
      }
    },
  });
}
