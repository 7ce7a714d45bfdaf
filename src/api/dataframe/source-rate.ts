/**
 * Spark's `rate` source as a table of the `rate` connector: columns `timestamp` TIMESTAMP(3) and
 * `value` BIGINT; options `rowsPerSecond` (default 1), `rampUpTime` (Spark's time text: '5s',
 * '1m', or a bare number of seconds; default 0) and `numPartitions` (default 1). Streaming only,
 * as in Spark.
 */
import { DataTypes } from '../../core/data-types.ts';
import { toMillis } from '../../core/duration.ts';
import { ConfigError } from '../../core/errors.ts';
import { physical, tableDescriptor } from '../../catalog/descriptors.ts';
import type { SparkOptionMap } from './source-option-map.ts';
import type { SparkSourceResult, SparkSourceSpec } from './source-options.ts';

/** The options of Spark's rate source. @example RATE_SOURCE_OPTIONS // ['rowsPerSecond', 'rampUpTime', 'numPartitions'] */
export const RATE_SOURCE_OPTIONS: readonly string[] = ['rowsPerSecond', 'rampUpTime', 'numPartitions'];

/**
 * The table of a `rate` DataFrame source.
 *
 * @example
 * rateSourceTable(spec, new SparkOptionMap('rate', { rowsPerSecond: '100' })).table.options['rows-per-second'] // '100'
 */
export function rateSourceTable(spec: SparkSourceSpec, o: SparkOptionMap): SparkSourceResult {
  o.checkKnown(RATE_SOURCE_OPTIONS);
  if (!spec.streaming) throw new ConfigError('format', "the 'rate' source is for streaming queries only (spark.readStream), as in Spark");
  if (spec.availableNow === true) throw new ConfigError('format', "the 'rate' source never ends, so it cannot run under trigger once / availableNow; use a processing-time trigger");
  if (spec.schema !== undefined) throw new ConfigError('schema', "the 'rate' source has a fixed schema (timestamp, value); do not set one");
  if (spec.paths !== undefined && spec.paths.length > 0) throw new ConfigError('path', "the 'rate' source reads no files; use load() without a path");
  const options: Record<string, string> = {
    'connector': 'rate',
    'rows-per-second': String(o.integer('rowsPerSecond', 1) ?? 1),
    'number-of-partitions': String(o.integer('numPartitions', 1) ?? 1),
  };
  const rampUp = o.get('rampUpTime');
  if (rampUp !== undefined) options['ramp-up-time'] = `${sparkSeconds(o.spelling('rampUpTime'), rampUp)} s`;
  const table = tableDescriptor({
    name: spec.name,
    columns: [physical('timestamp', DataTypes.TIMESTAMP(3)), physical('value', DataTypes.BIGINT())],
    options,
  });
  return { table, columns: ['timestamp', 'value'] };
}

/** Whole seconds of Spark's time text (`timeStringAsSec`: a bare number is seconds; '1500ms' is 1). */
function sparkSeconds(option: string, text: string): number {
  const trimmed = text.trim();
  const millis = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : toMillis(trimmed, option);
  return Math.floor(millis / 1000);
}
