// The core layer: records, batches, durations, timestamps and errors. Imports nothing.
export type { Row } from './row.ts';
export { type Batch, batchOf, EMPTY_BATCH, MAX_WATERMARK, MIN_WATERMARK, NO_TIMESTAMP } from './batch.ts';
export { ConfigError, PlanError, RecordError, SluiceError, describeOrigin, type RecordOrigin } from './errors.ts';
export { type Duration, toMillis } from './duration.ts';
export { formatTimestamp, parseTimestamp } from './timestamp-format.ts';
