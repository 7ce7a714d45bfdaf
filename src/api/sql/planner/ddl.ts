import type { ColumnDescriptor, TableDescriptor, TableInput } from '../../../catalog/descriptors.ts';
import { metadataColumnsOf, tableDescriptor } from '../../../catalog/descriptors.ts';
import { mergeLike } from '../../../catalog/like.ts';
import { DataTypes, typeToString } from '../../../core/data-types.ts';
import { ConfigError } from '../../../core/errors.ts';
import { checkMetadataColumns, validateTableOptions } from '../../../connectors/table-factory.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import type { CreateTable, CreateView, Drop, Property } from '../ast/statements.ts';
import { printExpr, printQuery } from '../printer/index.ts';
import type { PlanContext, StoredQuery } from './context.ts';
import { toDataType } from './data-types.ts';
import { at, fail, located } from './errors.ts';
import { bindExpr } from './expressions.ts';
import { dropFunction } from './function-ddl.ts';
import { planQuery } from './query.ts';
import { bindWatermark } from './watermark.ts';

/**
 * CREATE TABLE → a catalog table: columns typed (computed columns by binding their expression),
 * PRIMARY KEY … NOT ENFORCED, the WATERMARK checked (a TIMESTAMP(3) / TIMESTAMP_LTZ(3) column and an
 * expression of such a type), LIKE merged, and the WITH options validated against the
 * connector — every error at the position of the column, clause or option it is about.
 *
 * @example
 * createTable(parseStatement("CREATE TABLE t (a INT) WITH ('connector' = 'datagen')") as CreateTable, ctx);
 */
export function createTable(stmt: CreateTable, ctx: PlanContext): TableDescriptor {
  if (stmt.asQuery !== undefined) throw fail(stmt.asQuery.pos, ctx.source, 'CREATE TABLE … AS SELECT is not supported yet; CREATE TABLE, then INSERT INTO');
  const name = stmt.name[stmt.name.length - 1];
  const options = optionsOf(stmt.options, ctx);
  const primaryKey = primaryKeyOf(stmt, ctx);
  const columns: ColumnDescriptor[] = stmt.columns.map((c) => {
    switch (c.kind) {
      case 'PhysicalColumn': return { kind: 'physical', name: c.name, type: toDataType(c.type, ctx.source), ...(c.comment === undefined ? {} : { comment: c.comment }) };
      case 'MetadataColumn':
        return { kind: 'metadata', name: c.name, type: toDataType(c.type, ctx.source), virtual: c.virtual, ...(c.key === undefined ? {} : { key: c.key }), ...(c.comment === undefined ? {} : { comment: c.comment }) };
      case 'ComputedColumn': return { kind: 'computed', name: c.name, expression: c.expr, text: printExpr(c.expr), ...(c.comment === undefined ? {} : { comment: c.comment }) };
    }
  });
  const input: TableInput = {
    name, columns, options, partitionKeys: stmt.partitionedBy,
    ...(primaryKey === undefined ? {} : { primaryKey }),
    ...(stmt.watermark === undefined ? {} : { watermark: { column: stmt.watermark.column.join('.'), expression: stmt.watermark.expr, text: printExpr(stmt.watermark.expr) } }),
    ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
    ...(stmt.temporary ? { temporary: true } : {}),
  };
  const typed = typedColumns(input.columns, ctx);
  let table: TableDescriptor;
  if (stmt.like !== undefined) {
    const base = at(stmt.pos, ctx.source, () => ctx.catalog.resolve(stmt.like!.table));
    if (base.kind !== 'table') throw fail(stmt.pos, ctx.source, `LIKE ${base.name}: '${base.name}' is a view, not a table`);
    checkWatermark([...base.columns, ...typed], stmt, ctx);
    table = at(stmt.pos, ctx.source, () => mergeLike(base, { ...input, columns: typed }, stmt.like!.options));
  } else {
    checkWatermark(typed, stmt, ctx);
    table = at(stmt.pos, ctx.source, () => tableDescriptor({ ...input, columns: typed }));
  }
  validateConnector(table, stmt, ctx);
  at(stmt.pos, ctx.source, () => ctx.catalog.createTable(table, { ifNotExists: stmt.ifNotExists }));
  return table;
}

function optionsOf(properties: readonly Property[], ctx: PlanContext): Record<string, string> {
  const options: Record<string, string> = {};
  for (const p of properties) {
    if (p.key in options) throw fail(p.pos, ctx.source, `option '${p.key}' is given twice`);
    options[p.key] = p.value;
  }
  return options;
}

function primaryKeyOf(stmt: CreateTable, ctx: PlanContext): string[] | undefined {
  const inline = stmt.columns.filter((c) => c.kind === 'PhysicalColumn' && c.primaryKey !== undefined);
  const enforced = (pos: SourcePos) => fail(pos, ctx.source, 'PRIMARY KEY must be NOT ENFORCED: Flink (and Sluice) do not own the data, so the key is not checked');
  if (stmt.primaryKey !== undefined) {
    if (inline.length > 0) throw fail(inline[0].pos, ctx.source, 'the table declares a PRIMARY KEY twice');
    if (stmt.primaryKey.enforced) throw enforced(stmt.primaryKey.pos);
    return [...stmt.primaryKey.columns];
  }
  if (inline.length > 1) throw fail(inline[1].pos, ctx.source, 'only one column may be the PRIMARY KEY; declare PRIMARY KEY (a, b) NOT ENFORCED for a composite key');
  if (inline.length === 0) return undefined;
  const column = inline[0];
  if (column.kind === 'PhysicalColumn' && column.primaryKey!.enforced) throw enforced(column.pos);
  return [column.name];
}

/** The columns with computed columns typed: each bound against the physical and metadata columns. */
function typedColumns(columns: readonly ColumnDescriptor[], ctx: PlanContext): ColumnDescriptor[] {
  const read = columns.filter((c) => c.kind !== 'computed').map((c) => ({ name: c.name, type: c.type! }));
  const scope = { columns: read, rowType: DataTypes.ROW(read), clause: 'a computed column' };
  return columns.map((c) => (c.kind === 'computed' ? { ...c, type: bindExpr(c.expression as AstExpr, scope, ctx).type } : c));
}

function checkWatermark(columns: readonly ColumnDescriptor[], stmt: CreateTable, ctx: PlanContext): void {
  const watermark = stmt.watermark;
  if (watermark === undefined) return;
  const name = watermark.column.join('.');
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw fail(watermark.pos, ctx.source, `WATERMARK FOR ${name}: no such column (columns: ${columns.map((c) => c.name).join(', ')})`);
  const type = column.type!;
  if (!((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.precision <= 3)) {
    throw fail(watermark.pos, ctx.source, `WATERMARK FOR ${column.name}: the rowtime column must be TIMESTAMP(3) or TIMESTAMP_LTZ(3), got ${typeToString(type)}`);
  }
  // The expression is evaluated on the table's rows, computed columns included.
  const fields = columns.map((c) => ({ name: c.name, type: c.type! }));
  bindWatermark(watermark.expr, { columns: fields, rowType: DataTypes.ROW(fields), clause: 'the WATERMARK' }, ctx);
}

/** The WITH options against the connector: its name, every option, required ones, metadata keys. */
function validateConnector(table: TableDescriptor, stmt: CreateTable, ctx: PlanContext): void {
  const where = `table '${table.name}'`;
  const posOf = (key: string): SourcePos => stmt.options.find((p) => p.key === key)?.pos ?? stmt.options.find((p) => key.startsWith(p.key))?.pos ?? stmt.pos;
  const identifier = table.options['connector'];
  if (identifier === undefined) throw fail(stmt.pos, ctx.source, `${where}: option 'connector' is required in WITH (…)`);
  try {
    const factory = ctx.connectors.factory(identifier, where);
    validateTableOptions(factory, table.options, where, table.columns.map((c) => c.name));
    if (factory.requiresPrimaryKey && table.primaryKey === undefined) {
      throw fail(stmt.pos, ctx.source, `${where}: connector '${identifier}' needs a PRIMARY KEY (…) NOT ENFORCED`);
    }
    const metadata = metadataColumnsOf(table);
    if (metadata.length > 0) {
      const use = factory.sourceCapability !== undefined ? 'source' : 'sink';
      checkMetadataColumns(factory, use === 'source' ? metadata : metadata.filter((m) => !m.virtual), use, where);
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    const column = stmt.columns.find((c) => c.name === e.option);
    throw located(e, column?.pos ?? posOf(e.option), ctx.source);
  }
}

/**
 * CREATE VIEW: the query is planned once to check it (and its column list), then stored with the
 * text its positions refer to.
 *
 * @example
 * createView(parseStatement('CREATE VIEW big AS SELECT * FROM trades WHERE shares > 1000') as CreateView, ctx);
 */
export function createView(stmt: CreateView, ctx: PlanContext): void {
  const checking = ctx.checkingView;
  ctx.checkingView = true;
  let relation;
  try {
    relation = planQuery(stmt.query, ctx);
  } finally {
    ctx.checkingView = checking;
  }
  if (stmt.columns !== undefined && stmt.columns.length !== relation.columns.length) {
    throw fail(stmt.pos, ctx.source, `view '${stmt.name.join('.')}' names ${stmt.columns.length} columns, but its query has ${relation.columns.length} (${relation.columns.map((c) => c.name).join(', ')})`);
  }
  const stored: StoredQuery = { query: stmt.query, source: ctx.source ?? printQuery(stmt.query) };
  at(stmt.pos, ctx.source, () => ctx.catalog.createView({
    name: stmt.name[stmt.name.length - 1], query: stored, text: printQuery(stmt.query),
    ...(stmt.columns === undefined ? {} : { columns: stmt.columns }),
    ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
    ...(stmt.temporary ? { temporary: true } : {}),
  }, { ifNotExists: stmt.ifNotExists }));
}

/**
 * DROP TABLE / VIEW / FUNCTION [IF EXISTS].
 *
 * @example
 * drop(parseStatement('DROP TABLE IF EXISTS t') as Drop, ctx) // false when there was none
 */
export function drop(stmt: Drop, ctx: PlanContext): boolean {
  const options = { ifExists: stmt.ifExists };
  return at(stmt.pos, ctx.source, () => {
    switch (stmt.object) {
      case 'TABLE': return ctx.catalog.dropTable(stmt.name, options);
      case 'VIEW': return ctx.catalog.dropView(stmt.name, options);
      case 'FUNCTION': return dropFunction(stmt, ctx);
    }
  });
}
