/**
 * The change events of database change-data-capture tools as changelog rows (Flink's debezium-json,
 * canal-json and maxwell-json): each event becomes the rows it stands for, with their kinds — an
 * insert `+I`, an update `-U` (the old row) and `+U` (the new one), a delete `-D`. The rows here
 * are the event's records as decoded (JSON objects or Avro records); the table's typed reader
 * converts their columns afterwards.
 */
import { RecordError, type RecordOrigin } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import type { RowKind } from './row-kind.ts';

/** The CDC envelopes read. */
export type CdcFormat = 'debezium' | 'canal' | 'maxwell';

/** One row of a change event and what happened to it. */
export interface CdcChange {
  readonly kind: RowKind;
  readonly row: Row;
}

/** Reading options. */
export interface CdcOptions {
  /** Debezium: each event is `{ schema, payload }` (the JSON converter's schemas.enable). */
  readonly schemaInclude?: boolean;
  /** Canal and Maxwell: only events of databases / tables whose name matches. */
  readonly database?: RegExp;
  readonly table?: RegExp;
}

const NO_CHANGES: readonly CdcChange[] = Object.freeze([]);

const isRecord = (value: unknown): value is Row => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The changes one decoded event stands for; a RecordError naming `origin` when it is not an event
 * of the format. Events that change nothing a table sees (Debezium's schema-change and heartbeat
 * events without rows, filtered-out tables) give no rows.
 *
 * @example
 * cdcChanges('debezium', { before: { id: 1, n: 1 }, after: { id: 1, n: 2 }, op: 'u' }, { source: 'inventory' })
 * // [{ kind: 'update-before', row: { id: 1, n: 1 } }, { kind: 'update-after', row: { id: 1, n: 2 } }]
 */
export function cdcChanges(format: CdcFormat, event: unknown, origin: RecordOrigin, options: CdcOptions = {}): readonly CdcChange[] {
  if (!isRecord(event)) throw new RecordError(origin, `a ${format} change event is an object, got ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}`);
  switch (format) {
    case 'debezium': return debezium(event, origin, options.schemaInclude === true);
    case 'canal': return canal(event, origin, options);
    case 'maxwell': return maxwell(event, origin, options);
  }
}

function debezium(event: Row, origin: RecordOrigin, schemaInclude: boolean): readonly CdcChange[] {
  let payload = event;
  if (schemaInclude) {
    if (!isRecord(event['payload'])) {
      throw new RecordError(origin, "a Debezium event with 'debezium-json.schema-include' has a 'payload' object; this one has none (is the converter's schemas.enable off?)");
    }
    payload = event['payload'];
  } else if (isRecord(event['payload']) && 'schema' in event && !('op' in event)) {
    throw new RecordError(origin, "the Debezium event has 'schema' and 'payload': set 'debezium-json.schema-include' = 'true'");
  }
  const op = payload['op'];
  const before = payload['before'];
  const after = payload['after'];
  switch (op) {
    case 'c': case 'r':
      return [{ kind: 'insert', row: rowOf(after, 'after', op, origin) }];
    case 'u':
      return [{ kind: 'update-before', row: rowOf(before, 'before', op, origin) }, { kind: 'update-after', row: rowOf(after, 'after', op, origin) }];
    case 'd':
      return [{ kind: 'delete', row: rowOf(before, 'before', op, origin) }];
    case 't': case 'm':
      return NO_CHANGES; // a truncate or a message: no row of the table
    default:
      throw new RecordError(origin, `unknown Debezium operation ${JSON.stringify(op)} (expected 'c', 'r', 'u' or 'd')`);
  }
}

function rowOf(value: unknown, field: string, op: unknown, origin: RecordOrigin): Row {
  if (!isRecord(value)) {
    throw new RecordError(origin, `a Debezium '${String(op)}' event needs '${field}' as a row, got ${value === null || value === undefined ? 'null' : typeof value}${field === 'before' ? " (is the table's REPLICA IDENTITY FULL?)" : ''}`);
  }
  return value;
}

function included(event: Row, options: CdcOptions): boolean {
  if (options.database !== undefined && !options.database.test(String(event['database']))) return false;
  if (options.table !== undefined && !options.table.test(String(event['table']))) return false;
  return true;
}

function canal(event: Row, origin: RecordOrigin, options: CdcOptions): readonly CdcChange[] {
  if (!included(event, options)) return NO_CHANGES;
  const type = event['type'];
  const data = event['data'];
  if (type === 'CREATE' || type === 'ALTER' || type === 'ERASE' || type === 'QUERY' || type === 'TRUNCATE') return NO_CHANGES; // DDL
  if (!Array.isArray(data)) throw new RecordError(origin, `a Canal ${String(type)} event needs 'data' as an array of rows`);
  const rows = data.map((row, i) => {
    if (!isRecord(row)) throw new RecordError(origin, `Canal 'data[${i}]' is not a row`);
    return row;
  });
  switch (type) {
    case 'INSERT':
      return rows.map((row) => ({ kind: 'insert' as const, row }));
    case 'DELETE':
      return rows.map((row) => ({ kind: 'delete' as const, row }));
    case 'UPDATE': {
      const old = event['old'];
      if (!Array.isArray(old) || old.length !== rows.length) throw new RecordError(origin, "a Canal UPDATE event needs 'old' with one entry per row of 'data'");
      const changes: CdcChange[] = [];
      rows.forEach((row, i) => {
        // 'old' holds only the columns that changed, with their old values.
        changes.push({ kind: 'update-before', row: { ...row, ...(isRecord(old[i]) ? old[i] : {}) } }, { kind: 'update-after', row });
      });
      return changes;
    }
    default:
      throw new RecordError(origin, `unknown Canal event type ${JSON.stringify(type)} (expected INSERT, UPDATE or DELETE)`);
  }
}

function maxwell(event: Row, origin: RecordOrigin, options: CdcOptions): readonly CdcChange[] {
  if (!included(event, options)) return NO_CHANGES;
  const type = event['type'];
  const data = event['data'];
  if (typeof type === 'string' && (type.startsWith('table-') || type.startsWith('database-') || type === 'bootstrap-start' || type === 'bootstrap-complete')) return NO_CHANGES;
  if (!isRecord(data)) throw new RecordError(origin, `a Maxwell ${String(type)} event needs 'data' as a row`);
  switch (type) {
    case 'insert': case 'bootstrap-insert':
      return [{ kind: 'insert', row: data }];
    case 'delete':
      return [{ kind: 'delete', row: data }];
    case 'update': {
      const old = event['old'];
      return [{ kind: 'update-before', row: { ...data, ...(isRecord(old) ? old : {}) } }, { kind: 'update-after', row: data }];
    }
    default:
      throw new RecordError(origin, `unknown Maxwell event type ${JSON.stringify(type)} (expected insert, update or delete)`);
  }
}
