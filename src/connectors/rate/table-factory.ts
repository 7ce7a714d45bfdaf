/**
 * The `rate` table connector: Spark's rate source as a table with the columns `timestamp`
 * (TIMESTAMP(3) or TIMESTAMP_LTZ(3), when the value was due) and `value` (BIGINT, counting from 0),
 * either or both. Options follow Flink's spelling: `rows-per-second`, `ramp-up-time`,
 * `number-of-partitions`.
 */
import type { DataType } from '../../core/data-types.ts';
import { typeToString } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { mapSource } from '../mapped-connectors.ts';
import type { Source } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { millisOf, numberOf } from '../table-options.ts';
import { rateSource, type RateRow } from './rate-source.ts';

/**
 * `'connector' = 'rate'`.
 *
 * @example
 * // CREATE TABLE ticks (`timestamp` TIMESTAMP(3), `value` BIGINT) WITH ('connector' = 'rate', 'rows-per-second' = '100')
 * const source = rateTableFactory.createSource!(ctx);
 */
export const rateTableFactory: TableFactory = {
  identifier: 'rate',
  description: "Spark's rate source: `value` BIGINT counting 0, 1, 2, … at a fixed rate, `timestamp` when each was due",
  sourceCapability: 'insert-only',
  options: [
    { key: 'rows-per-second', type: 'int', min: 1, default: '1', description: 'values generated per second over all partitions (after the ramp-up)' },
    { key: 'ramp-up-time', type: 'duration', default: '0 s', description: 'the rate grows linearly to rows-per-second over this many (whole) seconds' },
    { key: 'number-of-partitions', type: 'int', min: 1, default: '1', description: 'splits the values are dealt over round-robin' },
  ],
  createSource: createRateTableSource,
};

const COLUMNS: Readonly<Record<string, (type: DataType) => boolean>> = {
  timestamp: (type) => (type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.precision <= 3,
  value: (type) => type.kind === 'BIGINT',
};

function createRateTableSource(ctx: TableContext): Source<Row> {
  const names = ctx.schema.fields.map((f) => f.name);
  for (const field of ctx.schema.fields) {
    const fits = COLUMNS[field.name];
    if (fits === undefined || !fits(field.type)) {
      throw new ConfigError('connector', `the rate connector has the columns \`timestamp\` TIMESTAMP(3) and \`value\` BIGINT; column '${field.name}' ${typeToString(field.type)} is not one of them (table '${ctx.table}')`);
    }
  }
  if (ctx.metadataColumns.length > 0) throw new ConfigError(ctx.metadataColumns[0].name, `the rate connector has no metadata (table '${ctx.table}')`);
  const source = rateSource({
    rowsPerSecond: numberOf(ctx.options, 'rows-per-second'),
    rampUpSeconds: Math.floor((millisOf(ctx.options, 'ramp-up-time') ?? 0) / 1000),
    partitions: numberOf(ctx.options, 'number-of-partitions'),
    name: `rate:${ctx.table}`,
  }) as Source<RateRow>;
  // The generated rows already are `{ timestamp, value }`: only a different column set needs mapping.
  if (names.length === 2 && names[0] === 'timestamp') return source as unknown as Source<Row>;
  return mapSource(source, () => (row) => {
    const out: Row = {};
    for (const name of names) out[name] = row[name as keyof RateRow];
    return out;
  });
}
