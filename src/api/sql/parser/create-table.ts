import type { SourcePos } from '../ast/node.ts';
import type {
  ColumnConstraint, ColumnDef, CreateTable, LikeClause, LikeOption, PrimaryKeyDef, Property, WatermarkDef,
} from '../ast/statements.ts';
import type { Query } from '../ast/queries.ts';
import { parseDataType } from './data-types.ts';
import { parseExpr } from './expressions.ts';
import type { Cursor } from './parser-base.ts';
import { parseQuery } from './queries.ts';

const LIKE_FEATURES = ['ALL', 'CONSTRAINTS', 'PARTITIONS', 'GENERATED', 'OPTIONS', 'WATERMARKS', 'METADATA'] as const;

/**
 * The rest of `CREATE [TEMPORARY] TABLE` after TABLE: `[IF NOT EXISTS] name (columns, watermark,
 * constraints) [COMMENT '…'] [PARTITIONED BY (…)] [WITH (…)] [LIKE source (…) | AS query]`.
 *
 * @example
 * parseCreateTable(c, pos, false) // with c after "CREATE TABLE"
 */
export function parseCreateTable(c: Cursor, pos: SourcePos, temporary: boolean): CreateTable {
  const ifNotExists = c.acceptWords('IF', 'NOT', 'EXISTS');
  const name = c.compoundName('a table name');
  const columns: ColumnDef[] = [];
  let watermark: WatermarkDef | undefined;
  let primaryKey: PrimaryKeyDef | undefined;
  if (c.acceptSymbol('(')) {
    do {
      const at = c.peek();
      if (c.isWord('WATERMARK')) {
        if (watermark !== undefined) c.failWith('a table can have only one WATERMARK', at);
        watermark = parseWatermark(c);
      } else if (c.isWord('PRIMARY') || c.isWord('CONSTRAINT')) {
        if (primaryKey !== undefined) c.failWith('a table can have only one PRIMARY KEY', at);
        primaryKey = parsePrimaryKey(c);
      } else {
        columns.push(parseColumn(c));
      }
    } while (c.acceptSymbol(','));
    c.expectSymbol(')');
  }
  const comment = c.acceptWords('COMMENT') ? c.string('a comment string') : undefined;
  const partitionedBy = c.acceptWords('PARTITIONED', 'BY') ? c.parenthesisedNames() : [];
  const options = c.acceptWords('WITH') ? parseProperties(c) : [];
  let like: LikeClause | undefined;
  let asQuery: Query | undefined;
  if (c.acceptWords('LIKE')) like = parseLike(c);
  else if (c.acceptWords('AS')) asQuery = parseQuery(c);
  return {
    kind: 'CreateTable', name, temporary, ifNotExists, columns,
    ...(watermark && { watermark }), ...(primaryKey && { primaryKey }), ...(comment !== undefined && { comment }),
    partitionedBy, options, ...(like && { like }), ...(asQuery && { asQuery }), pos,
  };
}

/**
 * `('k' = 'v', …)`.
 *
 * @example
 * parseProperties(new Cursor("('connector' = 'kafka', 'topic' = 'trades')"))
 */
export function parseProperties(c: Cursor): Property[] {
  c.expectSymbol('(');
  const props: Property[] = [];
  if (c.acceptSymbol(')')) return props;
  do {
    const pos = c.pos();
    const key = c.string("an option key ('…')");
    c.expectSymbol('=');
    props.push({ key, value: c.string("an option value ('…')"), pos });
  } while (c.acceptSymbol(','));
  c.expectSymbol(')');
  return props;
}

function parseColumn(c: Cursor): ColumnDef {
  const pos = c.pos();
  const name = c.identifier('a column name, WATERMARK or PRIMARY KEY');
  if (c.acceptWords('AS')) {
    const expr = parseExpr(c);
    const comment = parseComment(c);
    return { kind: 'ComputedColumn', name, expr, ...(comment !== undefined && { comment }), pos };
  }
  const type = parseDataType(c);
  if (c.acceptWords('METADATA')) {
    const key = c.acceptWords('FROM') ? c.string('a metadata key') : undefined;
    const virtual = c.acceptWords('VIRTUAL');
    const comment = parseComment(c);
    return { kind: 'MetadataColumn', name, type, ...(key !== undefined && { key }), virtual, ...(comment !== undefined && { comment }), pos };
  }
  let primaryKey: ColumnConstraint | undefined;
  if (c.isWord('PRIMARY') || c.isWord('CONSTRAINT')) {
    const constraintName = c.acceptWords('CONSTRAINT') ? c.identifier('a constraint name') : undefined;
    c.expectWords('PRIMARY', 'KEY');
    primaryKey = { ...(constraintName !== undefined && { name: constraintName }), enforced: parseEnforced(c) };
  }
  const comment = parseComment(c);
  return { kind: 'PhysicalColumn', name, type, ...(primaryKey && { primaryKey }), ...(comment !== undefined && { comment }), pos };
}

function parseComment(c: Cursor): string | undefined {
  return c.acceptWords('COMMENT') ? c.string('a comment string') : undefined;
}

function parseWatermark(c: Cursor): WatermarkDef {
  const pos = c.expectWords('WATERMARK', 'FOR').pos;
  const column = c.compoundName('the rowtime column');
  c.expectWords('AS');
  return { column, expr: parseExpr(c), pos };
}

function parsePrimaryKey(c: Cursor): PrimaryKeyDef {
  const pos = c.pos();
  const name = c.acceptWords('CONSTRAINT') ? c.identifier('a constraint name') : undefined;
  c.expectWords('PRIMARY', 'KEY');
  const columns = c.parenthesisedNames();
  return { ...(name !== undefined && { name }), columns, enforced: parseEnforced(c), pos };
}

/** `NOT ENFORCED` → false; `ENFORCED` or nothing → true (Flink then rejects it in validation). */
function parseEnforced(c: Cursor): boolean {
  if (c.acceptWords('NOT', 'ENFORCED')) return false;
  c.acceptWords('ENFORCED');
  return true;
}

function parseLike(c: Cursor): LikeClause {
  const table = c.compoundName('a table name');
  const options: LikeOption[] = [];
  if (c.acceptSymbol('(')) {
    do {
      const t = c.peek();
      if (t.kind !== 'word' || !['INCLUDING', 'EXCLUDING', 'OVERWRITING'].includes(t.upper)) {
        c.fail(["'INCLUDING'", "'EXCLUDING'", "'OVERWRITING'"]);
      }
      c.next();
      const f = c.peek();
      const feature = LIKE_FEATURES.find((w) => f.kind === 'word' && f.upper === w);
      if (feature === undefined) c.fail(LIKE_FEATURES.map((w) => `'${w}'`));
      c.next();
      options.push({ mode: t.upper as LikeOption['mode'], feature });
      c.acceptSymbol(',');
    } while (!c.isSymbol(')'));
    c.expectSymbol(')');
  }
  return { table, options };
}
