/**
 * Flink's JDBC type mapping for PostgreSQL, both ways, for the column types a JDBC table may declare:
 * BOOLEAN, TINYINT/SMALLINT/INT/BIGINT, FLOAT/DOUBLE, DECIMAL, CHAR/VARCHAR/STRING, BINARY/VARBINARY/
 * BYTES, DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ (PostgreSQL's boolean, smallint, integer, bigint, real,
 * double precision, numeric, char/varchar/text, bytea, date, time, timestamp, timestamptz). Reading
 * goes through the engine's typed row reader, so a value that does not fit names its table and column.
 */
import type { DataType, RowType } from '../../core/data-types.ts';
import { typeToString } from '../../core/data-types.ts';
import { ConfigError } from '../../core/errors.ts';
import type { RecordOrigin } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { formatDateText } from '../../formats/temporal-text.ts';
import { typedRowReader } from '../../formats/typed-row-reader.ts';

const SUPPORTED = new Set([
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'CHAR', 'VARCHAR',
  'BINARY', 'VARBINARY', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ',
]);

/**
 * Refuses a column type the JDBC connector cannot map (ARRAY, MAP, ROW, MULTISET, INTERVAL), naming
 * the column and the table.
 *
 * @example
 * checkJdbcColumnTypes(DataTypes.ROW([{ name: 'tags', type: DataTypes.ARRAY(DataTypes.STRING()) }]), "table 'orders'")
 * // throws: option 'tags': column type ARRAY<STRING> is not supported by the jdbc connector …
 */
export function checkJdbcColumnTypes(schema: RowType, where: string): void {
  for (const field of schema.fields) {
    if (!SUPPORTED.has(field.type.kind)) {
      throw new ConfigError(field.name, `column type ${typeToString(field.type)} is not supported by the jdbc connector (${where}); supported: ` +
        'BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, CHAR, VARCHAR/STRING, BINARY, VARBINARY/BYTES, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ');
    }
  }
}

/**
 * Turns a row as the PostgreSQL session returns it (see postgres-client.ts) into a row of the table's
 * schema in the engine's representation; a value that does not fit throws a RecordError naming the
 * column.
 *
 * @example
 * const read = postgresRowReader(schema);
 * read({ id: '7', placed: '2024-01-01 10:00:00' }, { source: 'jdbc:orders' }) // { id: 7, placed: 1704103200000 }
 */
export function postgresRowReader(schema: RowType): (row: Row, origin: RecordOrigin) => Row {
  return typedRowReader(schema);
}

/**
 * A function giving the statement parameters of a row's columns, in the order of `columns`: each
 * engine value as PostgreSQL reads it (DATE days as `yyyy-MM-dd`, TIME and TIMESTAMP milliseconds as
 * ISO text, DECIMAL as its digits, bytes as a Buffer).
 *
 * @example
 * const params = postgresParams(schema, ['id', 'placed']);
 * params({ id: 7, placed: 1704103200000 }) // [7, '2024-01-01T10:00:00.000Z']
 */
export function postgresParams(schema: RowType, columns: readonly string[]): (row: Row) => unknown[] {
  const converters = columns.map((name) => {
    const field = schema.fields.find((f) => f.name === name);
    if (field === undefined) throw new ConfigError(name, 'is not a column of the table');
    return { name, convert: toParam(field.type) };
  });
  return (row) => {
    const out = new Array<unknown>(converters.length);
    for (let i = 0; i < converters.length; i++) {
      const value = row[converters[i].name];
      out[i] = value === null || value === undefined ? null : converters[i].convert(value);
    }
    return out;
  };
}

function toParam(type: DataType): (value: unknown) => unknown {
  switch (type.kind) {
    case 'DATE': return (v) => formatDateText(v as number);
    // A zone in the text is ignored by a `time` or `timestamp` column and honoured by `timestamptz`.
    case 'TIME': return (v) => new Date(v as number).toISOString().slice(11, 23);
    case 'TIMESTAMP': case 'TIMESTAMP_LTZ': return (v) => new Date(v as number).toISOString();
    case 'DECIMAL': return (v) => String(v);
    case 'BINARY': case 'VARBINARY': return (v) => (v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength) : v);
    default: return (v) => v;
  }
}
