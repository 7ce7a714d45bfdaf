/**
 * Flink's dynamic table factories: what turns a SQL table (`CREATE TABLE … WITH ('connector' = 'kafka',
 * …)`) into a Source or a Sink of rows. Each connector folder has a `table-factory.ts` with one
 * factory; the engine's connector registry finds them by `identifier`. A factory declares its
 * options with Flink's names, so `validateTableOptions` can reject a typo with the list of valid
 * options before anything connects.
 */
import type { DataType, RowType } from '../core/data-types.ts';
import { typeToString } from '../core/data-types.ts';
import { ConfigError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import type { LookupTable } from './lookup-table.ts';
import type { Sink, Source } from './spi.ts';
import { FORMAT_OPTIONS, formatPrefix, type TableFormatName } from './table-formats.ts';
import { checkOptionValue, closest, keyMatches, type OptionSpec, type TableOptions } from './table-options.ts';

export type { OptionSpec, OptionType, TableOptions } from './table-options.ts';

/**
 * What changes a connector's source produces or its sink accepts: 'insert-only' (appends),
 * 'upsert' (inserts, updates and deletes by primary key; no update-before rows) or 'changelog'
 * (every row kind, +I -U +U -D, as Flink's print connector takes).
 */
export type ChangelogCapability = 'insert-only' | 'upsert' | 'changelog';

/** A metadata column a connector can read (`ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'`) or write. */
export interface MetadataSpec {
  readonly key: string;
  readonly type: DataType;
  readonly readable: boolean;
  readonly writable: boolean;
  readonly description: string;
}

/** A metadata column of a table: its name in the table, the connector's key, and its declared type. */
export interface MetadataColumn {
  readonly name: string;
  readonly key: string;
  readonly type: DataType;
  /** VIRTUAL columns are read only; sinks never receive them. */
  readonly virtual?: boolean;
}

/**
 * Everything a factory learns about the table it builds a source or sink for.
 *
 * @example
 * const ctx: TableContext = { table: 'orders', schema: DataTypes.ROW([{ name: 'id', type: DataTypes.BIGINT() }]),
 *   metadataColumns: [], options: { 'connector': 'datagen', 'number-of-rows': '10' } };
 */
export interface TableContext {
  readonly table: string;
  /** The physical columns, in declaration order. */
  readonly schema: RowType;
  readonly metadataColumns: readonly MetadataColumn[];
  readonly primaryKey?: readonly string[];
  /** Validated options (defaults applied), `connector` included. */
  readonly options: TableOptions;
  /** The rowtime column of the table's WATERMARK, when it has one. */
  readonly watermarkColumn?: string;
}

/**
 * A connector as SQL tables see it.
 *
 * @example
 * const blackhole: TableFactory = { identifier: 'blackhole', description: 'discards rows', options: [],
 *   sinkCapability: 'changelog', createSink: () => blackholeSink() };
 */
export interface TableFactory {
  readonly identifier: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Metadata keys the connector offers; absent = none. */
  readonly metadata?: readonly MetadataSpec[];
  /** Absent = the connector cannot be read. */
  readonly sourceCapability?: ChangelogCapability;
  /** What a table with these options reads when its format decides (a CDC format: 'changelog'); undefined = `sourceCapability`. */
  readonly sourceCapabilityOf?: (options: Readonly<Record<string, string>>) => ChangelogCapability | undefined;
  /** Absent = the connector cannot be written. */
  readonly sinkCapability?: ChangelogCapability;
  /** The table must declare a PRIMARY KEY (upsert-kafka). */
  readonly requiresPrimaryKey?: boolean;
  createSource?(ctx: TableContext): Source<Row>;
  createSink?(ctx: TableContext): Sink<Row>;
  /**
   * The table as the dimension of a lookup join (`JOIN t FOR SYSTEM_TIME AS OF s.proc_time`).
   * Absent = the connector offers no lookups.
   */
  createLookup?(ctx: TableContext): LookupTable;
}

/** Options every table has, whatever its connector. */
const CONNECTOR_OPTION: OptionSpec = { key: 'connector', type: 'string', required: true, description: 'the connector that reads and writes the table' };

/**
 * Checks a table's options against a factory: every key known (a typo is named with a "did you
 * mean" and the list of valid options), required ones present, values well-formed, format options
 * valid for the chosen format. Returns the options with defaults applied. `where` names the table in
 * errors; `columns`, when given, are the names a `#` in a key may stand for (`fields.#.kind`).
 *
 * @example
 * validateTableOptions(kafkaTableFactory, { 'connector': 'kafka', 'topic': 't', 'scan.startup.mode': 'earliest' }, "table 'orders'")
 * // throws: option 'scan.startup.mode': 'earliest' is not one of earliest-offset, latest-offset, …
 */
export function validateTableOptions(
  factory: TableFactory, options: Readonly<Record<string, string>>, where: string, columns?: readonly string[],
): TableOptions {
  const specs = [CONNECTOR_OPTION, ...factory.options];
  const formatSpecs = specs.filter(isFormatChoice);
  const out: Record<string, string> = {};
  // Format choices first, so a format's own options are checked against a valid choice.
  const keys = Object.keys(options).sort((a, b) => Number(formatSpecs.some((s) => s.key === b)) - Number(formatSpecs.some((s) => s.key === a)));
  for (const key of keys) {
    const value = options[key];
    if (typeof value !== 'string') throw new ConfigError(key, `must be text, got ${typeof value} (${where})`);
    const spec = specs.find((s) => keyMatches(s.key, key, columns)) ?? formatOptionSpec(key, options, formatSpecs, where);
    if (spec === undefined) throw unknownOption(factory, key, specs, options, formatSpecs, where, columns);
    out[key] = checkOptionValue(spec, key, value);
  }
  for (const spec of specs) {
    if (out[spec.key] !== undefined || spec.key.includes('#') || spec.key.endsWith('*')) continue;
    if (spec.default !== undefined) out[spec.key] = spec.default;
    else if (spec.required) throw new ConfigError(spec.key, `is required by connector '${factory.identifier}' (${where})`);
  }
  // Defaults of the chosen formats' own options.
  for (const choice of formatSpecs) {
    const format = out[choice.key] as TableFormatName | undefined;
    if (format === undefined) continue;
    for (const spec of FORMAT_OPTIONS[format]) {
      const key = `${formatPrefix(choice.key)}${format}.${spec.key}`;
      if (out[key] === undefined && spec.default !== undefined) out[key] = spec.default;
    }
  }
  return out;
}

/**
 * Checks a table's metadata columns against the keys the factory offers, for reading or writing.
 *
 * @example
 * checkMetadataColumns(kafkaTableFactory, [{ name: 'ts', key: 'timestap', type: DataTypes.TIMESTAMP_LTZ(3) }], 'source', "table 'orders'")
 * // throws: metadata key 'timestap' … did you mean 'timestamp'?
 */
export function checkMetadataColumns(factory: TableFactory, columns: readonly MetadataColumn[], use: 'source' | 'sink', where: string): void {
  const offered = factory.metadata ?? [];
  for (const column of columns) {
    const spec = offered.find((m) => m.key === column.key);
    if (spec === undefined) {
      const keys = offered.map((m) => m.key);
      const hint = closest(column.key, keys);
      const list = keys.length === 0 ? `Connector '${factory.identifier}' has no metadata.` : `Available: ${keys.join(', ')}`;
      throw new ConfigError(column.name, `metadata key '${column.key}' is not offered by connector '${factory.identifier}' (${where}).${hint === undefined ? '' : ` Did you mean '${hint}'?`} ${list}`);
    }
    if (use === 'sink' && column.virtual !== true && !spec.writable) {
      throw new ConfigError(column.name, `metadata '${column.key}' of connector '${factory.identifier}' is read-only; declare the column VIRTUAL (${where})`);
    }
    if (use === 'source' && !spec.readable) throw new ConfigError(column.name, `metadata '${column.key}' of connector '${factory.identifier}' cannot be read (${where})`);
    if (spec.type.kind !== column.type.kind) {
      throw new ConfigError(column.name, `metadata '${column.key}' has type ${typeToString(spec.type)}, but the column is declared ${typeToString(column.type)} (${where})`);
    }
  }
}

function isFormatChoice(spec: OptionSpec): boolean {
  return spec.type === 'enum' && (spec.key === 'format' || spec.key === 'key.format' || spec.key === 'value.format');
}

/** The spec of a format's own option (`json.ignore-parse-errors`), when the table chose that format. */
function formatOptionSpec(key: string, options: Readonly<Record<string, string>>, choices: readonly OptionSpec[], where: string): OptionSpec | undefined {
  for (const choice of choices) {
    const prefix = formatPrefix(choice.key);
    for (const format of choice.values as readonly TableFormatName[]) {
      const head = `${prefix}${format}.`;
      if (!key.startsWith(head)) continue;
      const spec = FORMAT_OPTIONS[format].find((s) => s.key === key.slice(head.length));
      if (spec === undefined) continue;
      const chosen = (options[choice.key] ?? choice.default)?.toLowerCase();
      if (chosen !== format) {
        throw new ConfigError(key, `is an option of format '${format}', but '${choice.key}' is ${chosen === undefined ? 'not set' : `'${chosen}'`} (${where})`);
      }
      return spec;
    }
  }
  return undefined;
}

function unknownOption(
  factory: TableFactory, key: string, specs: readonly OptionSpec[], options: Readonly<Record<string, string>>,
  choices: readonly OptionSpec[], where: string, columns: readonly string[] | undefined,
): ConfigError {
  // A `#` key with a name that is not a column gets its own message.
  const hashSpec = columns === undefined ? undefined : specs.find((s) => s.key.includes('#') && keyMatches(s.key, key));
  if (hashSpec !== undefined) {
    const hash = hashSpec.key.indexOf('#');
    const name = key.slice(hash, key.length - (hashSpec.key.length - hash - 1));
    const hint = closest(name, columns!);
    return new ConfigError(key, `'${name}' is not a column of the table (${where}).${hint === undefined ? '' : ` Did you mean '${hint}'?`} Columns: ${columns!.join(', ')}`);
  }
  const valid = specs.map((s) => s.key);
  for (const choice of choices) {
    const format = (options[choice.key] ?? choice.default)?.toLowerCase() as TableFormatName | undefined;
    if (format !== undefined && FORMAT_OPTIONS[format] !== undefined) {
      for (const spec of FORMAT_OPTIONS[format]) valid.push(`${formatPrefix(choice.key)}${format}.${spec.key}`);
    }
  }
  // Suggest against concrete spellings: a `#` stands for each column.
  const spelled = valid.flatMap((k) => (k.includes('#') && columns !== undefined ? columns.map((c) => k.replace('#', c)) : [k]));
  const hint = closest(key, spelled.filter((k) => !k.endsWith('*')));
  return new ConfigError(
    key,
    `is not an option of connector '${factory.identifier}' (${where}).${hint === undefined ? '' : ` Did you mean '${hint}'?`} Valid options: ${valid.join(', ')}`,
  );
}
