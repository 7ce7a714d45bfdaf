/**
 * What the catalog holds: tables (from CREATE TABLE or the API), views and functions, as plain
 * frozen data. Expressions (computed columns, the watermark, a view's query) are kept opaque —
 * `unknown` here — for the SQL binder, which owns their AST and their meaning.
 */
import type { DataType, RowType } from '../core/data-types.ts';
import { DataTypes, notNull, typeToString } from '../core/data-types.ts';
import { ConfigError } from '../core/errors.ts';
import { CatalogError } from './catalog-error.ts';

/** `name TYPE`: a column stored by the connector. */
export interface PhysicalColumnDescriptor {
  readonly kind: 'physical';
  readonly name: string;
  readonly type: DataType;
  readonly comment?: string;
}

/** `name AS expr`: computed from other columns when read; `type` is filled in by the binder once known. */
export interface ComputedColumnDescriptor {
  readonly kind: 'computed';
  readonly name: string;
  /** The expression, opaque to the catalog (the SQL AST, or an Expr). */
  readonly expression: unknown;
  /** The expression as written, for SHOW CREATE TABLE and error messages. */
  readonly text?: string;
  readonly type?: DataType;
  readonly comment?: string;
}

/** `name TYPE METADATA [FROM 'key'] [VIRTUAL]`: a value the connector offers beside the row. */
export interface MetadataColumnDescriptor {
  readonly kind: 'metadata';
  readonly name: string;
  readonly type: DataType;
  /** The connector's metadata key; defaults to the column name. */
  readonly key?: string;
  /** Read only: not written by sinks. */
  readonly virtual: boolean;
  readonly comment?: string;
}

/** A column of a table. */
export type ColumnDescriptor = PhysicalColumnDescriptor | ComputedColumnDescriptor | MetadataColumnDescriptor;

/** `WATERMARK FOR column AS expression`. */
export interface WatermarkDescriptor {
  readonly column: string;
  /** Opaque to the catalog: the binder's expression. */
  readonly expression: unknown;
  readonly text?: string;
}

/**
 * A table: its columns, watermark, keys and connector options (`connector` among them).
 *
 * @example
 * const trades: TableDescriptor = tableDescriptor({ name: 'trades',
 *   columns: [physical('symbol', DataTypes.STRING()), physical('ts', DataTypes.TIMESTAMP(3))],
 *   options: { 'connector': 'sluice-log', 'topic': 'trades' } });
 */
export interface TableDescriptor {
  readonly kind: 'table';
  readonly name: string;
  readonly columns: readonly ColumnDescriptor[];
  readonly watermark?: WatermarkDescriptor;
  readonly primaryKey?: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly options: Readonly<Record<string, string>>;
  readonly comment?: string;
  readonly temporary?: boolean;
}

/** CREATE VIEW: a named query, opaque to the catalog. */
export interface ViewDescriptor {
  readonly kind: 'view';
  readonly name: string;
  readonly query: unknown;
  readonly text?: string;
  /** Column names given in `CREATE VIEW v (a, b) AS …`. */
  readonly columns?: readonly string[];
  readonly comment?: string;
  readonly temporary?: boolean;
}

/**
 * CREATE FUNCTION: a name bound to an implementation (a JavaScript function, or a class name).
 * As in Flink, a function is a catalog function, a temporary (catalog) function, or a temporary
 * system function (`temporary` and `system`), and DROP names which one it removes.
 */
export interface FunctionDescriptor {
  readonly kind: 'function';
  readonly name: string;
  readonly implementation: unknown;
  readonly language?: string;
  readonly temporary?: boolean;
  /** A temporary system function (CREATE TEMPORARY SYSTEM FUNCTION, createTemporarySystemFunction). */
  readonly system?: boolean;
  /** Where the implementation came from (`'udfs/text.ts:CountChar'`), for SHOW and error messages. */
  readonly reference?: string;
}

/** The fields of a table before checking; `kind` and `partitionKeys` may be left out. */
export type TableInput = Omit<TableDescriptor, 'kind' | 'partitionKeys'> & { readonly partitionKeys?: readonly string[] };

/**
 * Checks a table definition and freezes it: column names unique, the primary key made of physical
 * columns (and NOT NULL, as Flink makes them), the watermark and partition keys naming columns.
 *
 * @example
 * tableDescriptor({ name: 'orders', columns: [physical('id', DataTypes.BIGINT())], primaryKey: ['id'], options: {} })
 */
export function tableDescriptor(input: TableInput): TableDescriptor {
  const names = new Set<string>();
  for (const column of input.columns) {
    if (names.has(column.name)) throw new CatalogError(`table '${input.name}': column '${column.name}' is declared twice`);
    names.add(column.name);
  }
  const known = [...names].join(', ');
  let columns = input.columns;
  if (input.primaryKey !== undefined) {
    if (input.primaryKey.length === 0) throw new CatalogError(`table '${input.name}': the primary key names no column`);
    for (const key of input.primaryKey) {
      const column = input.columns.find((c) => c.name === key);
      if (column === undefined) throw new CatalogError(`table '${input.name}': primary key column '${key}' does not exist; columns: ${known}`);
      if (column.kind !== 'physical') throw new CatalogError(`table '${input.name}': primary key column '${key}' must be a physical column, not a ${column.kind} one`);
    }
    // Flink makes primary key columns NOT NULL.
    columns = columns.map((c) => (c.kind === 'physical' && input.primaryKey!.includes(c.name) ? { ...c, type: notNull(c.type) } : c));
  }
  if (input.watermark !== undefined) {
    const column = input.columns.find((c) => c.name === input.watermark!.column);
    if (column === undefined) throw new CatalogError(`table '${input.name}': watermark column '${input.watermark.column}' does not exist; columns: ${known}`);
    // A computed column's type is known only to the binder, which checks it.
    const type = column.type;
    if (type !== undefined && !((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.precision <= 3)) {
      throw new CatalogError(`table '${input.name}': the watermark column '${column.name}' must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), got ${typeToString(type)}`);
    }
  }
  for (const key of input.partitionKeys ?? []) {
    if (!names.has(key)) throw new CatalogError(`table '${input.name}': partition column '${key}' does not exist; columns: ${known}`);
  }
  for (const key of Object.keys(input.options)) {
    if (typeof input.options[key] !== 'string') throw new ConfigError(key, `must be text, got ${typeof input.options[key]} (table '${input.name}')`);
  }
  return Object.freeze({
    ...input,
    kind: 'table',
    columns: Object.freeze(columns.map((c) => Object.freeze({ ...c }))),
    primaryKey: input.primaryKey === undefined ? undefined : Object.freeze([...input.primaryKey]),
    partitionKeys: Object.freeze([...(input.partitionKeys ?? [])]),
    options: Object.freeze({ ...input.options }),
  }) as TableDescriptor;
}

/** @example physical('symbol', DataTypes.STRING()) */
export function physical(name: string, type: DataType, comment?: string): PhysicalColumnDescriptor {
  return comment === undefined ? { kind: 'physical', name, type } : { kind: 'physical', name, type, comment };
}

/** @example computed('cost', ast, 'price * qty') */
export function computed(name: string, expression: unknown, text?: string): ComputedColumnDescriptor {
  return text === undefined ? { kind: 'computed', name, expression } : { kind: 'computed', name, expression, text };
}

/** @example metadata('ts', DataTypes.TIMESTAMP_LTZ(3), { key: 'timestamp', virtual: true }) */
export function metadata(name: string, type: DataType, options: { key?: string; virtual?: boolean } = {}): MetadataColumnDescriptor {
  const column = { kind: 'metadata' as const, name, type, virtual: options.virtual ?? false };
  return options.key === undefined ? column : { ...column, key: options.key };
}

/**
 * The row type of a table's physical columns, in declaration order (what its connector reads and writes).
 *
 * @example
 * physicalRowType(trades) // ROW<`symbol` STRING, `ts` TIMESTAMP(3)>
 */
export function physicalRowType(table: TableDescriptor): RowType {
  return DataTypes.ROW(table.columns.filter((c) => c.kind === 'physical').map((c) => ({ name: c.name, type: (c as PhysicalColumnDescriptor).type })));
}

/**
 * The metadata columns with their connector keys resolved (`key` defaults to the column name).
 *
 * @example
 * metadataColumnsOf(table) // [{ name: 'ts', key: 'timestamp', type: TIMESTAMP_LTZ(3), virtual: true }]
 */
export function metadataColumnsOf(table: TableDescriptor): { name: string; key: string; type: DataType; virtual: boolean }[] {
  return table.columns
    .filter((c): c is MetadataColumnDescriptor => c.kind === 'metadata')
    .map((c) => ({ name: c.name, key: c.key ?? c.name, type: c.type, virtual: c.virtual }));
}
