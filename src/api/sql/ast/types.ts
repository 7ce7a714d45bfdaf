import type { NodeBase } from './node.ts';

/**
 * The names of Flink's atomic (non-nested) data types after normalisation: INTEGER → INT,
 * NUMERIC/DEC → DECIMAL, DOUBLE PRECISION → DOUBLE, REAL → FLOAT,
 * TIMESTAMP WITH LOCAL TIME ZONE → TIMESTAMP_LTZ.
 *
 * @example
 * const name: AtomicTypeName = 'VARCHAR';
 */
export type AtomicTypeName =
  | 'CHAR' | 'VARCHAR' | 'STRING'
  | 'BINARY' | 'VARBINARY' | 'BYTES'
  | 'BOOLEAN'
  | 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT'
  | 'FLOAT' | 'DOUBLE' | 'DECIMAL'
  | 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ';

/**
 * The units an interval qualifier may name (plural spellings such as MINUTES are normalised).
 *
 * @example
 * const unit: IntervalUnit = 'MINUTE';
 */
export type IntervalUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

/**
 * An interval qualifier, shared by interval literals (`INTERVAL '1 10' DAY TO HOUR`) and
 * interval types (`INTERVAL DAY(2) TO SECOND(3)`).
 *
 * @example
 * const q: IntervalQualifier = { start: 'SECOND', startPrecision: 3 };
 */
export interface IntervalQualifier {
  readonly start: IntervalUnit;
  /** Leading-field precision: the `3` in `HOUR(3)`. */
  readonly startPrecision?: number;
  readonly end?: IntervalUnit;
  /** Fractional-seconds precision: the `6` in `SECOND(2, 6)` or `DAY TO SECOND(6)`. */
  readonly fractionalPrecision?: number;
}

interface TypeBase extends NodeBase {
  /** `NOT NULL` was written after the type. */
  readonly notNull: boolean;
}

/**
 * A type without nested types. `length` is set for CHAR/VARCHAR/BINARY/VARBINARY,
 * `precision` (and `scale`) for DECIMAL, TIME, TIMESTAMP, TIMESTAMP_LTZ — only when written.
 *
 * @example
 * // TIMESTAMP(3)
 * const t: AtomicType = { kind: 'AtomicType', name: 'TIMESTAMP', precision: 3, notNull: false, pos };
 */
export interface AtomicType extends TypeBase {
  readonly kind: 'AtomicType';
  readonly name: AtomicTypeName;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
}

/**
 * `INTERVAL DAY TO SECOND(3)` and friends.
 *
 * @example
 * const t: IntervalType = { kind: 'IntervalType', qualifier: { start: 'YEAR', end: 'MONTH' }, notNull: false, pos };
 */
export interface IntervalType extends TypeBase {
  readonly kind: 'IntervalType';
  readonly qualifier: IntervalQualifier;
}

/**
 * `ARRAY<T>` / `T ARRAY` and `MULTISET<T>` / `T MULTISET`.
 *
 * @example
 * const t: CollectionType = { kind: 'CollectionType', collection: 'ARRAY', element, notNull: false, pos };
 */
export interface CollectionType extends TypeBase {
  readonly kind: 'CollectionType';
  readonly collection: 'ARRAY' | 'MULTISET';
  readonly element: DataType;
}

/**
 * `MAP<K, V>`.
 *
 * @example
 * const t: MapType = { kind: 'MapType', key, value, notNull: false, pos };
 */
export interface MapType extends TypeBase {
  readonly kind: 'MapType';
  readonly key: DataType;
  readonly value: DataType;
}

/**
 * One field of a ROW type.
 *
 * @example
 * const f: RowField = { name: 'id', type: bigint, comment: 'the key' };
 */
export interface RowField {
  readonly name: string;
  readonly type: DataType;
  readonly comment?: string;
}

/**
 * `ROW<name TYPE [COMMENT '…'], …>` or `ROW(name TYPE, …)` — both spellings give this node.
 *
 * @example
 * const t: RowType = { kind: 'RowType', fields: [{ name: 'id', type: bigint }], notNull: false, pos };
 */
export interface RowType extends TypeBase {
  readonly kind: 'RowType';
  readonly fields: readonly RowField[];
}

/**
 * A Flink SQL data type as written in DDL or CAST.
 *
 * @example
 * function isNested(t: DataType) { return t.kind !== 'AtomicType' && t.kind !== 'IntervalType'; }
 */
export type DataType = AtomicType | IntervalType | CollectionType | MapType | RowType;
