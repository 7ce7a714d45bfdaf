import type { TableDescriptor } from '../../../catalog/descriptors.ts';
import { DataTypes, notNull, typeToString, type DataType } from '../../../core/data-types.ts';
import type { Row } from '../../../core/row.ts';
import { builtinFunctions } from '../../../plan/expr/index.ts';
import type { Describe, Show, ShowCreate } from '../ast/statements.ts';
import { quoteIdent, quoteString } from '../printer/index.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { aggregateNames } from './function-kinds.ts';

/** A statement's tabular answer (SHOW, DESCRIBE, SET without arguments). */
export interface TabularResult {
  readonly columns: readonly { readonly name: string; readonly type: DataType }[];
  readonly rows: readonly Row[];
}

const text = notNull(DataTypes.STRING());

/** One STRING column of names. */
function list(column: string, names: readonly string[]): TabularResult {
  return { columns: [{ name: column, type: text }], rows: names.map((n) => ({ [column]: n })) };
}

/**
 * SHOW TABLES / VIEWS / FUNCTIONS / CATALOGS / DATABASES / CURRENT CATALOG / CURRENT DATABASE, with
 * `[NOT] LIKE 'pattern'` (SQL's % and _). SHOW TABLES lists views too, as Flink does.
 *
 * @example
 * show(parseStatement('SHOW TABLES') as Show, ctx).rows // [{ 'table name': 'stock_data' }]
 */
export function show(stmt: Show, ctx: PlanContext): TabularResult {
  const catalog = ctx.catalog;
  const like = stmt.like;
  const matches = like === undefined ? () => true : likeMatcher(like.pattern, like.negated);
  const pick = (names: string[]) => names.filter(matches).sort();
  switch (stmt.object) {
    case 'TABLES': return list('table name', pick([...catalog.listTables(), ...catalog.listViews()]));
    case 'VIEWS': return list('view name', pick(catalog.listViews()));
    case 'FUNCTIONS':
      return list('function name', pick([...new Set([...builtinFunctions().map((f) => f.name).filter((n) => /^[A-Z]/.test(n)), ...aggregateNames(), ...catalog.listFunctions()])]));
    case 'USER FUNCTIONS': return list('function name', pick(catalog.listFunctions()));
    case 'CATALOGS': return list('catalog name', [catalog.name]);
    case 'DATABASES': return list('database name', [catalog.database]);
    case 'CURRENT CATALOG': return list('current catalog name', [catalog.name]);
    case 'CURRENT DATABASE': return list('current database name', [catalog.database]);
    default: throw fail(stmt.pos, ctx.source, `SHOW ${stmt.object} is not supported`);
  }
}

function likeMatcher(pattern: string, negated: boolean): (name: string) => boolean {
  const regex = new RegExp(`^${[...pattern].map((ch) => (ch === '%' ? '.*' : ch === '_' ? '.' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`);
  return (name) => regex.test(name) !== negated;
}

/**
 * DESCRIBE t: one row per column — name, type (the rowtime column marked `*ROWTIME*`), null, key,
 * extras (computed expression, metadata), watermark — as Flink's SQL client shows it.
 *
 * @example
 * describe(parseStatement('DESCRIBE stock_data') as Describe, ctx).rows[0] // { name: 'symbol', type: 'STRING', null: true, … }
 */
export function describe(stmt: Describe, ctx: PlanContext): TabularResult {
  const relation = at(stmt.pos, ctx.source, () => ctx.catalog.resolve(stmt.name));
  if (relation.kind === 'view') throw fail(stmt.pos, ctx.source, `DESCRIBE of a view is not supported yet ('${relation.name}' is a view: ${relation.text ?? ''})`);
  const table = relation;
  const rows = table.columns.map((c): Row => {
    const type = c.type === undefined ? '?' : typeToString(c.type);
    const extras = c.kind === 'computed' ? `AS ${c.text ?? '…'}`
      : c.kind === 'metadata' ? `METADATA${c.key === undefined ? '' : ` FROM ${quoteString(c.key)}`}${c.virtual ? ' VIRTUAL' : ''}` : '';
    const rowtime = table.watermark?.column === c.name;
    return {
      name: c.name,
      type: rowtime ? `${type} *ROWTIME*` : type,
      null: c.type?.nullable ?? true,
      key: table.primaryKey?.includes(c.name) ? `PRI(${table.primaryKey.join(', ')})` : '',
      extras,
      watermark: rowtime ? table.watermark!.text ?? '' : '',
    };
  });
  return {
    columns: [
      { name: 'name', type: text }, { name: 'type', type: text }, { name: 'null', type: notNull(DataTypes.BOOLEAN()) },
      { name: 'key', type: text }, { name: 'extras', type: text }, { name: 'watermark', type: text },
    ],
    rows,
  };
}

/**
 * SHOW CREATE TABLE / VIEW: the DDL that would create the object again.
 *
 * @example
 * showCreate(parseStatement('SHOW CREATE TABLE t') as ShowCreate, ctx) // "CREATE TABLE `t` (\n  `a` INT\n) WITH (…)"
 */
export function showCreate(stmt: ShowCreate, ctx: PlanContext): string {
  const relation = at(stmt.pos, ctx.source, () => ctx.catalog.resolve(stmt.name));
  if (relation.kind === 'view') {
    if (stmt.object !== 'VIEW') throw fail(stmt.pos, ctx.source, `'${relation.name}' is a view; use SHOW CREATE VIEW`);
    return `CREATE VIEW ${quoteIdent(relation.name)}${relation.columns === undefined ? '' : ` (${relation.columns.map(quoteIdent).join(', ')})`} AS\n${relation.text ?? ''}`;
  }
  if (stmt.object !== 'TABLE') throw fail(stmt.pos, ctx.source, `'${relation.name}' is a table; use SHOW CREATE TABLE`);
  return tableDdl(relation);
}

function tableDdl(table: TableDescriptor): string {
  const lines = table.columns.map((c) => {
    const name = quoteIdent(c.name);
    if (c.kind === 'computed') return `  ${name} AS ${c.text ?? '…'}`;
    const type = typeToString(c.type!);
    if (c.kind === 'metadata') return `  ${name} ${type} METADATA${c.key === undefined ? '' : ` FROM ${quoteString(c.key)}`}${c.virtual ? ' VIRTUAL' : ''}`;
    return `  ${name} ${type}`;
  });
  if (table.watermark !== undefined) lines.push(`  WATERMARK FOR ${quoteIdent(table.watermark.column)} AS ${table.watermark.text ?? ''}`);
  if (table.primaryKey !== undefined) lines.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(', ')}) NOT ENFORCED`);
  const options = Object.entries(table.options).map(([k, v]) => `  ${quoteString(k)} = ${quoteString(v)}`);
  return `CREATE ${table.temporary ? 'TEMPORARY ' : ''}TABLE ${quoteIdent(table.name)} (\n${lines.join(',\n')}\n) WITH (\n${options.join(',\n')}\n)`;
}
