import type { TableDescriptor } from '../../../catalog/descriptors.ts';
import { tableDescriptor } from '../../../catalog/descriptors.ts';
import { DataTypes } from '../../../core/data-types.ts';
import { ConfigError } from '../../../core/errors.ts';
import type { Row } from '../../../core/row.ts';
import { field } from '../../../plan/expr/index.ts';
import type { SourceNode, WatermarkNode } from '../../../plan/nodes.ts';
import type { WatermarkStrategy } from '../../../plan/watermark-strategy.ts';
import type { Expr as AstExpr } from '../ast/expressions.ts';
import type { SourcePos } from '../ast/node.ts';
import type { Hint } from '../ast/queries.ts';
import { parseExpression } from '../parser/index.ts';
import { calc, type Projection } from './calc.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { bindExpr, isProctimeCall, type ExprScope } from './expressions.ts';
import { walkAst } from './function-kinds.ts';
import type { Column, Relation } from './relation.ts';
import { watermarkStrategyOf } from './watermark.ts';

/**
 * Reading a catalog table: a source node (the connector's Source, with the WATERMARK's strategy
 * applied per partition when the rowtime column and the columns the watermark expression reads come
 * from the connector), then a calc for computed columns, then — when the rowtime or the watermark
 * expression needs a computed column — a mid-stream watermark node. The columns keep the table's
 * declaration order.
 *
 * @example
 * const relation = scanTable(catalog.getTable('stock_data')!, { pos, qualifier: 'stock_data', hints: [] }, ctx);
 */
export function scanTable(declared: TableDescriptor, ref: { pos: SourcePos; qualifier: string; hints: readonly Hint[] }, ctx: PlanContext): Relation {
  const table = withHintOptions(declared, ref.hints, ctx);
  const { factory } = at(ref.pos, ctx.source, () => ctx.connectors.tableContext(table, 'source'));
  const connector = at(ref.pos, ctx.source, () => ctx.connectors.createSource(table));
  const read = table.columns.filter((c) => c.kind !== 'computed');
  const rowtime = table.watermark?.column;
  const watermarkAst = table.watermark === undefined ? undefined : expressionAst(table.watermark.expression, table.watermark.text, `the watermark of table '${table.name}'`);
  // The watermark is generated per source split when the rowtime and everything its expression reads
  // come from the connector; otherwise after the computed columns, by a watermark node.
  const computed = new Set(table.columns.filter((c) => c.kind === 'computed').map((c) => c.name));
  const atSource = rowtime !== undefined && read.some((c) => c.name === rowtime) && !mentionsAny(watermarkAst!, computed);
  const readColumns: Column[] = read.map((c) => ({
    name: c.name, type: c.type!, qualifier: ref.qualifier, ...(atSource && c.name === rowtime ? { time: 'rowtime' as const } : {}),
  }));
  const readScope = { columns: readColumns, rowType: DataTypes.ROW(readColumns.map((c) => ({ name: c.name, type: c.type }))), clause: 'a computed column' };
  const sourceStrategy = atSource ? watermarkStrategy(table, watermarkAst!, readScope, ctx) : undefined;
  const source = ctx.node<SourceNode>({ kind: 'source', connector, ...(sourceStrategy === undefined ? {} : { watermark: sourceStrategy }) }, table.name);
  const capability = factory.sourceCapabilityOf?.(table.options) ?? factory.sourceCapability;
  const updating = capability !== 'insert-only';
  const upsert = capability === 'upsert';
  let relation: Relation = {
    node: source, columns: readColumns, updating, bounded: connector.bounded,
    ...(updating ? { changelogReason: `table '${table.name}' (connector '${factory.identifier}'${capability === factory.sourceCapability ? '' : `, format '${table.options['value.format'] ?? table.options['format']}'`}) is a changelog` } : {}),
    ...(upsert ? { upsertOnly: true } : {}),
    ...(upsert && table.primaryKey !== undefined ? { upsertKey: table.primaryKey } : {}),
  };
  if (read.length === table.columns.length) return relation;

  const projections: Projection[] = table.columns.map((c) => {
    if (c.kind !== 'computed') return { name: c.name, expr: field(readScope.rowType, c.name) };
    const ast = expressionAst(c.expression, c.text, `computed column '${c.name}' of table '${table.name}'`);
    const expr = ctx.withSource(typeof c.expression === 'string' ? c.expression : undefined, () => bindExpr(ast, readScope, ctx));
    return { name: c.name, expr, ...(isProctimeCall(ast) ? { time: 'proctime' as const } : {}) };
  });
  relation = calc(relation, ctx, { projections, qualifier: ref.qualifier });
  if (rowtime === undefined || atSource) return relation;
  const scope = { columns: relation.columns, rowType: DataTypes.ROW(relation.columns.map((c) => ({ name: c.name, type: c.type }))), clause: 'the WATERMARK' };
  const strategy = watermarkStrategy(table, watermarkAst!, scope, ctx);
  const node = ctx.node<WatermarkNode>({ kind: 'watermark', input: relation.node, strategy });
  return { ...relation, node, columns: relation.columns.map((c) => (c.name === rowtime ? { ...c, time: 'rowtime' } : c)) };
}

/** The table with the options of an `OPTIONS('k' = 'v')` hint merged in (Flink's dynamic table options). */
function withHintOptions(table: TableDescriptor, hints: readonly Hint[], ctx: PlanContext): TableDescriptor {
  const options: Record<string, string> = {};
  for (const hint of hints) {
    if (hint.name.toUpperCase() !== 'OPTIONS') throw fail(hint.pos, ctx.source, `unknown table hint '${hint.name}' (supported: OPTIONS('key' = 'value'))`);
    for (const option of hint.options) {
      if (option.kind !== 'HintKeyValue') throw fail(hint.pos, ctx.source, "OPTIONS hints take 'key' = 'value' pairs");
      options[option.key] = option.value;
    }
  }
  if (Object.keys(options).length === 0) return table;
  return at(hints[0].pos, ctx.source, () => tableDescriptor({ ...table, options: { ...table.options, ...options } }));
}

/**
 * The table's WATERMARK as a strategy over the rows of `scope` (see watermark.ts): bounded
 * out-of-orderness when the expression is the rowtime minus constant intervals, else a per-record
 * watermark expression; with the session's idle timeout.
 */
function watermarkStrategy(table: TableDescriptor, ast: AstExpr, scope: ExprScope, ctx: PlanContext): WatermarkStrategy<Row> {
  const watermark = table.watermark!;
  // An AST's positions refer to the DDL text, which is gone by now; a string is its own source.
  const source = typeof watermark.expression === 'string' ? watermark.expression : undefined;
  return ctx.withSource(source, () => watermarkStrategyOf(ast, watermark.column, { ...scope, clause: 'the WATERMARK' }, ctx, idleTimeout(ctx)));
}

/** True when the expression names one of `columns`. */
function mentionsAny(ast: AstExpr, columns: ReadonlySet<string>): boolean {
  let found = false;
  walkAst(ast, (e) => {
    if (e.kind === 'Identifier' && columns.has(e.parts[0])) found = true;
  });
  return found;
}

/** 'table.exec.source.idle-timeout' (Flink's option; '0' or absent = never idle). */
function idleTimeout(ctx: PlanContext): number | undefined {
  const text = ctx.option('table.exec.source.idle-timeout');
  if (text === undefined || /^\s*0+\s*$/.test(text)) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|sec|seconds?|min|minutes?|h|hours?)?\s*$/i.exec(text);
  if (m === null) throw new ConfigError('table.exec.source.idle-timeout', `'${text}' is not a duration (e.g. '10 s', '500 ms', '1 min')`);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : 3_600_000;
  return Math.round(Number(m[1]) * factor);
}

/**
 * A catalog expression (AST from DDL, or SQL text from the API) as AST.
 *
 * @example
 * expressionAst('price * qty', undefined, 'computed column cost').kind // 'Binary'
 */
export function expressionAst(expression: unknown, text: string | undefined, what: string): AstExpr {
  if (typeof expression === 'string') return parseExpression(expression);
  if (typeof expression === 'object' && expression !== null && typeof (expression as { kind?: unknown }).kind === 'string') return expression as AstExpr;
  if (text !== undefined) return parseExpression(text);
  throw new ConfigError(what, 'has no SQL expression');
}
