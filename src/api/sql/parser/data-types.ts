import type { AtomicTypeName, DataType, RowField } from '../ast/types.ts';
import type { SourcePos } from '../ast/node.ts';
import { parseIntervalQualifier } from './literals.ts';
import type { Cursor } from './parser-base.ts';

/** Spellings of the atomic types and what they normalise to. */
const ATOMIC: Record<string, AtomicTypeName> = {
  CHAR: 'CHAR', CHARACTER: 'CHAR', VARCHAR: 'VARCHAR', STRING: 'STRING',
  BINARY: 'BINARY', VARBINARY: 'VARBINARY', BYTES: 'BYTES', BOOLEAN: 'BOOLEAN',
  TINYINT: 'TINYINT', SMALLINT: 'SMALLINT', INT: 'INT', INTEGER: 'INT', BIGINT: 'BIGINT',
  FLOAT: 'FLOAT', REAL: 'FLOAT', DOUBLE: 'DOUBLE', DECIMAL: 'DECIMAL', DEC: 'DECIMAL', NUMERIC: 'DECIMAL',
  DATE: 'DATE', TIME: 'TIME', TIMESTAMP: 'TIMESTAMP', TIMESTAMP_LTZ: 'TIMESTAMP_LTZ',
};
const WITH_LENGTH = new Set<AtomicTypeName>(['CHAR', 'VARCHAR', 'BINARY', 'VARBINARY']);
const WITH_PRECISION = new Set<AtomicTypeName>(['TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'DECIMAL']);

/**
 * A Flink SQL data type with its nullability: `STRING`, `DECIMAL(10, 2) NOT NULL`,
 * `TIMESTAMP(3) WITH LOCAL TIME ZONE`, `ARRAY<INT>`, `INT ARRAY`, `MAP<STRING, BIGINT>`,
 * `ROW<id BIGINT, name STRING>`, `INTERVAL DAY TO SECOND(3)`.
 *
 * @example
 * parseDataType(new Cursor('ROW<id BIGINT NOT NULL, tags ARRAY<STRING>>'))
 */
export function parseDataType(c: Cursor): DataType {
  return c.nested(() => dataType(c));
}

function dataType(c: Cursor): DataType {
  let type = withNullability(c, parseBaseType(c));
  // `T ARRAY` / `T MULTISET` (Calcite's postfix spelling) wrap what came before.
  while (c.isWord('ARRAY') || c.isWord('MULTISET')) {
    const t = c.next();
    type = withNullability(c, { kind: 'CollectionType', collection: t.upper as 'ARRAY' | 'MULTISET', element: type, notNull: false, pos: type.pos });
  }
  return type;
}

function withNullability(c: Cursor, type: DataType): DataType {
  if (c.acceptWords('NOT', 'NULL')) return { ...type, notNull: true };
  c.acceptWords('NULL');
  return type;
}

function parseBaseType(c: Cursor): DataType {
  const t = c.peek();
  const pos = t.pos;
  const word = t.kind === 'word' ? t.upper : '';
  switch (word) {
    case 'ARRAY': case 'MULTISET': {
      c.next();
      c.expectSymbol('<');
      const element = parseDataType(c);
      c.expectSymbol('>');
      return { kind: 'CollectionType', collection: word, element, notNull: false, pos };
    }
    case 'MAP': {
      c.next();
      c.expectSymbol('<');
      const key = parseDataType(c);
      c.expectSymbol(',');
      const value = parseDataType(c);
      c.expectSymbol('>');
      return { kind: 'MapType', key, value, notNull: false, pos };
    }
    case 'ROW':
      c.next();
      return { kind: 'RowType', fields: parseRowFields(c), notNull: false, pos };
    case 'INTERVAL':
      c.next();
      return { kind: 'IntervalType', qualifier: parseIntervalQualifier(c), notNull: false, pos };
    default:
      break;
  }
  const name = ATOMIC[word];
  if (name === undefined) c.fail(['a data type']);
  c.next();
  return parseAtomic(c, name, pos);
}

function parseAtomic(c: Cursor, written: AtomicTypeName, pos: SourcePos): DataType {
  let name = written;
  if (name === 'DOUBLE') c.acceptWords('PRECISION');
  if (name === 'CHAR' && c.acceptWords('VARYING')) name = 'VARCHAR';
  let length: number | undefined;
  let precision: number | undefined;
  let scale: number | undefined;
  if (c.isSymbol('(') && (WITH_LENGTH.has(name) || WITH_PRECISION.has(name))) {
    c.next();
    const first = c.integer(WITH_LENGTH.has(name) ? 'a length (an integer)' : 'a precision (an integer)');
    if (WITH_LENGTH.has(name)) length = first;
    else precision = first;
    if (name === 'DECIMAL' && c.acceptSymbol(',')) scale = c.integer('a scale (an integer)');
    c.expectSymbol(')');
  }
  if (name === 'TIME' || name === 'TIMESTAMP') {
    if (c.acceptWords('WITHOUT', 'TIME', 'ZONE')) {
      // the default
    } else if (name === 'TIMESTAMP' && c.acceptWords('WITH', 'LOCAL', 'TIME', 'ZONE')) {
      name = 'TIMESTAMP_LTZ';
    } else if (c.isWords('WITH', 'TIME', 'ZONE')) {
      c.failWith(`${name} WITH TIME ZONE is not supported by Flink; use TIMESTAMP WITH LOCAL TIME ZONE (TIMESTAMP_LTZ)`);
    }
  }
  return {
    kind: 'AtomicType',
    name,
    ...(length !== undefined && { length }),
    ...(precision !== undefined && { precision }),
    ...(scale !== undefined && { scale }),
    notNull: false,
    pos,
  };
}

/** `<name TYPE [COMMENT '…'], …>` or `(name TYPE, …)`. */
function parseRowFields(c: Cursor): RowField[] {
  if (c.acceptSymbol('<>')) return []; // `ROW<>` lexes as one not-equals token
  const angle = c.isSymbol('<');
  if (!angle && !c.isSymbol('(')) c.fail(["'<'", "'('"]);
  c.next();
  const fields: RowField[] = [];
  const closing = angle ? '>' : ')';
  if (c.acceptSymbol(closing)) return fields;
  do {
    const t = c.peek();
    if (t.kind !== 'word' && t.kind !== 'quoted') c.fail(['a field name']);
    c.next();
    const type = parseDataType(c);
    const comment = c.acceptWords('COMMENT') ? c.string('a comment string') : undefined;
    fields.push({ name: t.value, type, ...(comment !== undefined && { comment }) });
  } while (c.acceptSymbol(','));
  c.expectSymbol(closing);
  return fields;
}
