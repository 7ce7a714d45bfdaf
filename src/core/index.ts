// The core layer: records, batches, durations, timestamps and errors. Imports nothing.
export type { Row } from './row.ts';
export { type Batch, batchOf, EMPTY_BATCH, MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from './batch.ts';
export { ConfigError, PlanError, RecordError, SluiceError, describeOrigin, type RecordOrigin } from './errors.ts';
export { type Duration, toMillis } from './duration.ts';
export { CHECKED_PREFIXES, CONFIG_KEYS, SessionConfig, booleanSetting, checkSetting, durationSetting, isCheckedKey, type ConfigKey, type ConfigKeyType } from './config-keys.ts';
export { closest } from './suggest.ts';
export { formatTimestamp, parseTimestamp } from './timestamp-format.ts';
export {
  type DataType, type DataTypeKind, type RowField, type RowType, type ArrayType, type MultisetType, type MapType,
  type BooleanType, type IntegerType, type FloatingType, type DecimalType, type CharacterType, type BinaryType,
  type DateType, type TimeType, type TimestampType, type DayTimeIntervalType, type YearMonthIntervalType,
  type NullType, type IntervalUnit, DataTypes, MAX_LENGTH, MAX_DECIMAL_PRECISION,
  withNullability, notNull, asNullable, typeToString, typesEqual, findField, asDecimal,
  isNumeric, isIntegral, isExactNumeric, isApproximateNumeric, isCharacter, isBinary, isTimestamp, isTemporal,
  isInterval, isConstructed, isComparable, leastRestrictive, canCastImplicitly, canCast,
} from './data-types.ts';
