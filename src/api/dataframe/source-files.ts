/**
 * Spark's `json` and `csv` file sources as tables of the `filesystem` connector: `load(path)` (or
 * the `path` option) names a file or directory; a batch query reads the files there once, a
 * streaming query watches the directory and reads each new file once (Flink's
 * `source.monitor-interval`). A streaming source needs a schema (Spark's rule); a batch one
 * without a schema infers it from the files, as Spark does.
 */
import type { RowType } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import { physical, tableDescriptor } from '../../catalog/descriptors.ts';
import { inferCsvSchema, inferJsonSchema } from './source-schema-inference.ts';
import type { SparkOptionMap } from './source-option-map.ts';
import type { SparkSourceResult, SparkSourceSpec } from './source-options.ts';

/** The options of Spark's file sources that Sluice supports, per format. @example FILE_SOURCE_OPTIONS.csv.includes('header') // true */
export const FILE_SOURCE_OPTIONS: Readonly<Record<'json' | 'csv', readonly string[]>> = {
  json: ['path', 'mode', 'maxFilesPerTrigger'],
  csv: ['path', 'mode', 'maxFilesPerTrigger', 'header', 'sep', 'delimiter', 'quote', 'nullValue', 'inferSchema'],
};

/** How often a streaming file source lists its directory for new files. @example table.options['source.monitor-interval'] === FILE_MONITOR_INTERVAL */
export const FILE_MONITOR_INTERVAL = '500 ms';

/**
 * The table of a `json` or `csv` DataFrame source.
 *
 * @example
 * fileSourceTable({ format: 'csv', options: {}, paths: ['data/trades'], schema, streaming: true, name: 'trades' },
 *   new SparkOptionMap('csv', { header: 'true' }), 'csv').table.options
 * // { connector: 'filesystem', path: 'data/trades', format: 'csv', 'csv.header': 'true', 'source.monitor-interval': '500 ms' }
 */
export function fileSourceTable(spec: SparkSourceSpec, o: SparkOptionMap, format: 'json' | 'csv'): SparkSourceResult {
  o.checkKnown(FILE_SOURCE_OPTIONS[format]);
  const path = onePath(spec, o);
  const options: Record<string, string> = { 'connector': 'filesystem', 'path': path, 'format': format };
  if (format === 'csv') Object.assign(options, csvOptions(o));
  const mode = o.get('mode');
  if (mode !== undefined) options[`${format}.ignore-parse-errors`] = String(dropMalformed(o.spelling('mode'), mode));
  // Streaming watches the directory; trigger once / availableNow reads the files there now.
  if (spec.streaming && spec.availableNow !== true) options['source.monitor-interval'] = FILE_MONITOR_INTERVAL;
  const maxFilesPerTrigger = o.integer('maxFilesPerTrigger', 1);
  const schema = spec.schema ?? inferredSchema(spec, o, format, path, options);
  const table = tableDescriptor({ name: spec.name, columns: schema.fields.map((f) => physical(f.name, f.type)), options });
  const columns = schema.fields.map((f) => f.name);
  return maxFilesPerTrigger === undefined ? { table, columns } : { table, columns, maxFilesPerTrigger };
}

/** `load(path)` wins over the `path` option, as in Spark (where load(path) sets that option). */
function onePath(spec: SparkSourceSpec, o: SparkOptionMap): string {
  const option = o.get('path');
  const paths = spec.paths !== undefined && spec.paths.length > 0 ? spec.paths : option === undefined ? [] : [option];
  if (paths.length === 0) throw new ConfigError('path', `the '${o.format}' source needs a file or directory: load(path)`);
  if (paths.length > 1) throw new ConfigError('path', `the '${o.format}' source reads one file or directory, got ${paths.length} (${paths.join(', ')}); union one source per path`);
  if (paths[0].trim() === '') throw new ConfigError('path', 'is empty');
  return paths[0];
}

/** `header`, `sep` (or `delimiter`), `quote`, `nullValue` → the filesystem connector's CSV options. */
function csvOptions(o: SparkOptionMap): Record<string, string> {
  const out: Record<string, string> = {};
  if (o.boolean('header', false)) out['csv.header'] = 'true';
  const sep = o.get('sep') ?? o.get('delimiter');
  if (o.has('sep') && o.has('delimiter') && o.get('sep') !== o.get('delimiter')) {
    throw new ConfigError(o.spelling('delimiter'), `'sep' and 'delimiter' name the same setting; set one (got '${o.get('sep')}' and '${o.get('delimiter')}')`);
  }
  if (sep !== undefined) out['csv.field-delimiter'] = sep;
  const quote = o.get('quote');
  if (quote !== undefined) out['csv.quote-character'] = quote;
  const nullValue = o.get('nullValue');
  if (nullValue !== undefined) out['csv.null-literal'] = nullValue;
  return out;
}

/** Spark's `mode`: DROPMALFORMED skips bad records, FAILFAST fails the query; PERMISSIVE (nulls for bad fields) is not supported. */
function dropMalformed(option: string, mode: string): boolean {
  const upper = mode.trim().toUpperCase();
  if (upper === 'DROPMALFORMED') return true;
  if (upper === 'FAILFAST') return false;
  if (upper === 'PERMISSIVE') {
    throw new ConfigError(option, "'PERMISSIVE' (reading malformed fields as null) is not supported; use 'DROPMALFORMED' to skip bad records or 'FAILFAST' (Sluice's default) to stop at the first one");
  }
  throw new ConfigError(option, `must be 'DROPMALFORMED' or 'FAILFAST', got '${mode}'`);
}

function inferredSchema(spec: SparkSourceSpec, o: SparkOptionMap, format: 'json' | 'csv', path: string, options: Record<string, string>): RowType {
  if (spec.streaming) {
    throw new ConfigError('schema', "Schema must be specified when creating a streaming source DataFrame (Spark's rule): pass one with .schema(…), or read the files once with spark.read to infer it");
  }
  if (format === 'json') return inferJsonSchema(path);
  return inferCsvSchema(path, {
    header: options['csv.header'] === 'true',
    delimiter: options['csv.field-delimiter'] ?? ',',
    quote: options['csv.quote-character'] ?? '"',
    nullValue: options['csv.null-literal'],
    inferTypes: o.boolean('inferSchema', false),
  });
}
