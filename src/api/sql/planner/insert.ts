import type { TableDescriptor } from '../../../catalog/descriptors.ts';
import { tableDescriptor } from '../../../catalog/descriptors.ts';
import { canCastImplicitly, typeToString, type DataType } from '../../../core/data-types.ts';
import { coerceTo, field, nullLiteral, type Expr } from '../../../plan/expr/index.ts';
import type { SinkNode } from '../../../plan/nodes.ts';
import type { Insert } from '../ast/statements.ts';
import { calc, isIdentity, type Projection } from './calc.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { planQuery } from './query.ts';
import { rowTypeOf } from './relation.ts';

/**
 * `INSERT INTO sink [(cols)] query` → a sink node: the query's columns matched to the sink's
 * physical and persisted metadata columns by position (or by the column list; unlisted columns get
 * NULL), cast where Flink casts implicitly, renamed to the sink's names. An updating query (a
 * non-windowed GROUP BY) into a sink that accepts only inserts (or an upsert sink without a PRIMARY
 * KEY) is rejected.
 *
 * @example
 * const sink = planInsert(parseStatement('INSERT INTO out SELECT * FROM trades') as Insert, ctx);
 */
export function planInsert(insert: Insert, ctx: PlanContext): SinkNode {
  if (insert.overwrite) throw fail(insert.pos, ctx.source, 'INSERT OVERWRITE is not supported (streaming sinks are append or upsert)');
  if (insert.partition.length > 0) throw fail(insert.partition[0].pos, ctx.source, 'static partitions (PARTITION (…)) are not supported');
  const name = insert.table.join('.');
  const relation = at(insert.pos, ctx.source, () => ctx.catalog.resolve(insert.table));
  if (relation.kind !== 'table') throw fail(insert.pos, ctx.source, `cannot INSERT INTO view '${name}'; insert into a table`);
  const table = withHints(relation, insert, ctx);
  const { factory } = at(insert.pos, ctx.source, () => ctx.connectors.tableContext(table, 'sink'));
  ctx.insertTarget = table.name;
  const query = planQuery(insert.query, ctx);
  // An upsert sink applies updates by its table's PRIMARY KEY; without one it can only append (jdbc).
  const keyless = factory.sinkCapability === 'upsert' && (table.primaryKey === undefined || table.primaryKey.length === 0);
  if (query.updating && (factory.sinkCapability === 'insert-only' || keyless)) {
    const connector = table.options['connector'];
    const accepts = keyless ? 'has no PRIMARY KEY, so it accepts only inserts' : 'accepts only inserts';
    const fix = keyless ? `declare PRIMARY KEY (…) NOT ENFORCED on '${table.name}' to apply updates by key` : `use 'upsert-kafka' with a PRIMARY KEY`;
    throw fail(insert.query.pos, ctx.source,
      `INSERT INTO ${name}: the query produces updates (${query.changelogReason ?? 'an updating input'}); sink '${table.name}' (connector '${connector}') ${accepts}; ` +
      `${fix}, or a windowed aggregation`);
  }
  const targets = table.columns.filter((c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual)).map((c) => ({ name: c.name, type: c.type as DataType }));
  const listed = insert.columns ?? targets.map((t) => t.name);
  for (const column of listed) {
    if (!targets.some((t) => t.name === column)) throw fail(insert.pos, ctx.source, `INSERT INTO ${name}: table '${table.name}' has no writable column '${column}' (columns: ${targets.map((t) => t.name).join(', ')})`);
  }
  if (query.columns.length !== listed.length) {
    throw fail(insert.query.pos, ctx.source,
      `INSERT INTO ${name}: the query has ${query.columns.length} columns (${query.columns.map((c) => c.name).join(', ')}), the sink takes ${listed.length} (${listed.join(', ')})`);
  }
  const rowType = rowTypeOf(query);
  const projections: Projection[] = targets.map((target) => {
    const index = listed.indexOf(target.name);
    if (index < 0) {
      if (!target.type.nullable) throw fail(insert.pos, ctx.source, `INSERT INTO ${name}: column '${target.name}' is NOT NULL but gets no value`);
      return { name: target.name, expr: nullLiteral(target.type) };
    }
    const source = query.columns[index];
    if (!canCastImplicitly(source.type, target.type)) {
      throw fail(insert.query.pos, ctx.source,
        `INSERT INTO ${name}: column ${index + 1} ('${source.name}') is ${typeToString(source.type)}, but sink column '${target.name}' is ${typeToString(target.type)}; CAST it`);
    }
    const expr: Expr = coerceTo(field(rowType, source.name), target.type);
    return { name: target.name, expr };
  });
  const input = isIdentity(query, projections) ? query : calc(query, ctx, { projections });
  const connector = at(insert.pos, ctx.source, () => ctx.connectors.createSink(table));
  return ctx.node<SinkNode>({ kind: 'sink', input: input.node, connector }, table.name);
}

function withHints(table: TableDescriptor, insert: Insert, ctx: PlanContext): TableDescriptor {
  const options: Record<string, string> = {};
  for (const hint of insert.hints) {
    if (hint.name.toUpperCase() !== 'OPTIONS') throw fail(hint.pos, ctx.source, `unknown table hint '${hint.name}' (supported: OPTIONS('key' = 'value'))`);
    for (const option of hint.options) {
      if (option.kind !== 'HintKeyValue') throw fail(hint.pos, ctx.source, "OPTIONS hints take 'key' = 'value' pairs");
      options[option.key] = option.value;
    }
  }
  if (Object.keys(options).length === 0) return table;
  return at(insert.pos, ctx.source, () => tableDescriptor({ ...table, options: { ...table.options, ...options } }));
}
