import type { DataType, RowType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import { jsonRowScanner } from '../../formats/json-row-scanner.ts';
import { typedRowReader } from '../../formats/typed-row-reader.ts';
import { writeTypedValue } from '../../formats/typed-row-writer.ts';

const ORIGIN = { source: 'FROM_JSON' };

/**
 * FROM_JSON's reader for one schema, built once per compiled expression: JSON text → a row of the
 * schema in the runtime representation, or null when the text is not a JSON object or a field does
 * not fit its type (Spark's PERMISSIVE mode: a bad record becomes a null struct, not a failed job).
 *
 * @example
 * fromJsonReader(DataTypes.ROW([{ name: 'n', type: DataTypes.INT() }]))('{"n": 1}') // { n: 1 }
 */
export function fromJsonReader(type: RowType): (text: string) => Row | null {
  const read = typedRowReader(type);
  return (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return null;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    try {
      return read(parsed as Row, ORIGIN);
    } catch {
      return null;
    }
  };
}

/**
 * FROM_JSON over bytes (`FROM_JSON(CAST(value AS STRING), …)` on a Kafka or log value): the schema's
 * columns are scanned straight from the bytes, skipping the other fields, without decoding the whole
 * record to text and parsing every field first; a record the scanner declines (non-ASCII, escapes,
 * invalid JSON) takes the text path, with the same PERMISSIVE result.
 *
 * @example
 * fromJsonBytesReader(DataTypes.ROW([{ name: 'n', type: DataTypes.INT() }]))(Buffer.from('{"n": 1}')) // { n: 1 }
 */
export function fromJsonBytesReader(type: RowType): (bytes: Uint8Array) => Row | null {
  const scanner = jsonRowScanner(type);
  const fromText = fromJsonReader(type);
  const decoder = new TextDecoder();
  const general = (bytes: Uint8Array): Row | null => fromText(decoder.decode(bytes));
  if (scanner === undefined) return general;
  return (bytes) => {
    try {
      return scanner.scan(bytes, ORIGIN) ?? general(bytes);
    } catch {
      // A value that does not fit its column: PERMISSIVE, as the text path.
      return null;
    }
  };
}

/**
 * TO_JSON's writer for one type: timestamps as ISO-8601 text, bytes as base64, nested values field by
 * field (what Spark's to_json writes).
 *
 * @example
 * toJsonWriter(DataTypes.ROW([{ name: 'n', type: DataTypes.INT() }]))({ n: 1 }) // '{"n":1}'
 */
export function toJsonWriter(type: DataType): (value: unknown) => string {
  return (value) => JSON.stringify(writeTypedValue(value, type, 'ISO-8601'));
}
