import type { ColumnDef, CreateTable, Insert, LikeClause, Property, Statement } from '../ast/statements.ts';
import { printExpr } from './expressions.ts';
import { printName, quoteIdent, quoteString } from './identifiers.ts';
import { printHints, printQuery } from './queries.ts';
import { printDataType } from './types.ts';

type Printers = { readonly [K in Statement['kind']]: (s: Extract<Statement, { kind: K }>) => string };

/**
 * A statement as canonical Flink SQL (without the trailing semicolon). CREATE TABLE and
 * statement sets span several lines; everything else is one line.
 *
 * @example
 * printStatement(parseStatement("set 'a' = 'b'")) // "SET 'a' = 'b'"
 */
export function printStatement(s: Statement): string {
  return (PRINTERS[s.kind] as (s: Statement) => string)(s);
}

/**
 * Statements joined into a script, each ending in `;`.
 *
 * @example
 * printScript(parseScript(text))
 */
export function printScript(statements: readonly Statement[]): string {
  return statements.map((s) => `${printStatement(s)};\n`).join('\n');
}

const names = (cols: readonly string[]) => cols.map(quoteIdent).join(', ');
const comment = (text: string | undefined) => (text === undefined ? '' : ` COMMENT ${quoteString(text)}`);
const ifNot = (flag: boolean, text: string) => (flag ? text : '');

const PRINTERS: Printers = {
  Query: printQuery,
  CreateTable: printCreateTable,
  CreateView: (s) =>
    `CREATE ${ifNot(s.temporary, 'TEMPORARY ')}VIEW ${ifNot(s.ifNotExists, 'IF NOT EXISTS ')}${printName(s.name)}` +
    `${s.columns ? ` (${names(s.columns)})` : ''}${comment(s.comment)} AS ${printQuery(s.query)}`,
  CreateFunction: (s) =>
    `CREATE ${ifNot(s.temporary, 'TEMPORARY ')}${ifNot(s.system, 'SYSTEM ')}FUNCTION ${ifNot(s.ifNotExists, 'IF NOT EXISTS ')}` +
    `${printName(s.name)} AS ${quoteString(s.className)}${s.language ? ` LANGUAGE ${s.language}` : ''}` +
    (s.jars.length ? ` USING ${s.jars.map((j) => `JAR ${quoteString(j)}`).join(', ')}` : ''),
  Drop: (s) =>
    `DROP ${ifNot(s.temporary, 'TEMPORARY ')}${ifNot(s.system, 'SYSTEM ')}${s.object} ${ifNot(s.ifExists, 'IF EXISTS ')}${printName(s.name)}`,
  Insert: printInsert,
  StatementSet: (s) => {
    const body = s.inserts.map((i) => `  ${printInsert(i)};\n`).join('');
    return s.execute ? `EXECUTE STATEMENT SET\nBEGIN\n${body}END` : `BEGIN STATEMENT SET;\n${body}END`;
  },
  Set: (s) => (s.property ? `SET ${printProperty(s.property)}` : 'SET'),
  Reset: (s) => (s.key === undefined ? 'RESET' : `RESET ${quoteString(s.key)}`),
  Show: (s) =>
    `SHOW ${s.object}${s.from ? ` FROM ${printName(s.from)}` : ''}` +
    (s.like ? ` ${s.like.negated ? 'NOT ' : ''}LIKE ${quoteString(s.like.pattern)}` : ''),
  ShowCreate: (s) => `SHOW CREATE ${s.object} ${printName(s.name)}`,
  Describe: (s) => `DESCRIBE ${ifNot(s.extended, 'EXTENDED ')}${printName(s.name)}`,
  Explain: (s) =>
    `EXPLAIN ${s.planFor ? 'PLAN FOR ' : s.details.length ? `${s.details.join(', ')} ` : ''}${printStatement(s.statement)}`,
  Use: (s) => `USE ${ifNot(s.catalog, 'CATALOG ')}${printName(s.name)}`,
};

function printProperty(p: Property): string {
  return `${quoteString(p.key)} = ${quoteString(p.value)}`;
}

function printInsert(s: Insert): string {
  let text = `INSERT ${s.overwrite ? 'OVERWRITE' : 'INTO'} ${printName(s.table)}`;
  if (s.hints.length) text += ` ${printHints(s.hints)}`;
  if (s.partition.length) text += ` PARTITION (${s.partition.map((p) => `${quoteIdent(p.key)} = ${quoteString(p.value)}`).join(', ')})`;
  if (s.columns) text += ` (${names(s.columns)})`;
  return `${text} ${printQuery(s.query)}`;
}

function printCreateTable(s: CreateTable): string {
  let text = `CREATE ${ifNot(s.temporary, 'TEMPORARY ')}TABLE ${ifNot(s.ifNotExists, 'IF NOT EXISTS ')}${printName(s.name)}`;
  const elements = s.columns.map(printColumn);
  if (s.watermark) elements.push(`WATERMARK FOR ${printName(s.watermark.column)} AS ${printExpr(s.watermark.expr)}`);
  if (s.primaryKey) {
    const pk = s.primaryKey;
    elements.push(`${pk.name === undefined ? '' : `CONSTRAINT ${quoteIdent(pk.name)} `}PRIMARY KEY (${names(pk.columns)})${pk.enforced ? '' : ' NOT ENFORCED'}`);
  }
  if (elements.length) text += ` (\n${elements.map((e) => `  ${e}`).join(',\n')}\n)`;
  text += comment(s.comment);
  if (s.partitionedBy.length) text += `\nPARTITIONED BY (${names(s.partitionedBy)})`;
  if (s.options.length) text += ` WITH (\n${s.options.map((p) => `  ${printProperty(p)}`).join(',\n')}\n)`;
  if (s.like) text += `\n${printLike(s.like)}`;
  if (s.asQuery) text += `\nAS ${printQuery(s.asQuery)}`;
  return text;
}

function printColumn(c: ColumnDef): string {
  const name = quoteIdent(c.name);
  switch (c.kind) {
    case 'ComputedColumn':
      return `${name} AS ${printExpr(c.expr)}${comment(c.comment)}`;
    case 'MetadataColumn':
      return `${name} ${printDataType(c.type)} METADATA${c.key === undefined ? '' : ` FROM ${quoteString(c.key)}`}` +
        `${c.virtual ? ' VIRTUAL' : ''}${comment(c.comment)}`;
    case 'PhysicalColumn': {
      const pk = c.primaryKey;
      const constraint = pk === undefined ? ''
        : ` ${pk.name === undefined ? '' : `CONSTRAINT ${quoteIdent(pk.name)} `}PRIMARY KEY${pk.enforced ? '' : ' NOT ENFORCED'}`;
      return `${name} ${printDataType(c.type)}${constraint}${comment(c.comment)}`;
    }
  }
}

function printLike(like: LikeClause): string {
  const options = like.options.map((o) => `${o.mode} ${o.feature}`).join(' ');
  return `LIKE ${printName(like.table)}${options ? ` (${options})` : ''}`;
}
