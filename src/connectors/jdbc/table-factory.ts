/**
 * `'connector' = 'jdbc'` (Flink's JDBC connector, for PostgreSQL): a bounded scan source, an upsert
 * (with a PRIMARY KEY) or append sink written in each checkpoint's transaction, and the dimension of
 * lookup joins (FULL cache). See jdbc-options.ts for the options.
 */
import type { Row } from '../../core/row.ts';
import type { LookupTable } from '../lookup-table.ts';
import type { Sink, Source } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { numberOf } from '../table-options.ts';
import { jdbcLookupTable } from './jdbc-lookup.ts';
import { JDBC_OPTIONS, jdbcLookupOptions, jdbcTarget } from './jdbc-options.ts';
import { jdbcSink } from './jdbc-sink.ts';
import { jdbcScanSource } from './jdbc-source.ts';
import { checkJdbcColumnTypes } from './postgres-values.ts';

/** Rows per FETCH when 'scan.fetch-size' is 0 (Flink's "let the driver decide"). */
const DEFAULT_FETCH_SIZE = 1000;

/**
 * The jdbc table factory.
 *
 * @example
 * // CREATE TABLE totals (symbol STRING, n BIGINT, PRIMARY KEY (symbol) NOT ENFORCED)
 * //   WITH ('connector' = 'jdbc', 'url' = 'jdbc:postgresql://localhost:5432/shop', 'table-name' = 'totals')
 * const sink = jdbcTableFactory.createSink!(ctx);
 */
export const jdbcTableFactory: TableFactory = {
  identifier: 'jdbc',
  description: 'a PostgreSQL table: bounded scan, upsert/append sink committed with checkpoints, lookup-join dimension (FULL cache)',
  options: JDBC_OPTIONS,
  sourceCapability: 'insert-only',
  // With a PRIMARY KEY; without one the planner treats the table as insert-only.
  sinkCapability: 'upsert',
  createSource: createJdbcSource,
  createSink: createJdbcSink,
  createLookup: createJdbcLookup,
};

function createJdbcSource(ctx: TableContext): Source<Row> {
  checkJdbcColumnTypes(ctx.schema, `table '${ctx.table}'`);
  const fetchSize = numberOf(ctx.options, 'scan.fetch-size') ?? 0;
  return jdbcScanSource({
    target: jdbcTarget(ctx.options, ctx.table), tableName: ctx.options['table-name'], schema: ctx.schema,
    primaryKey: ctx.primaryKey, fetchSize: fetchSize === 0 ? DEFAULT_FETCH_SIZE : fetchSize, table: ctx.table,
  });
}

function createJdbcSink(ctx: TableContext): Sink<Row> {
  checkJdbcColumnTypes(ctx.schema, `table '${ctx.table}'`);
  return jdbcSink({
    target: jdbcTarget(ctx.options, ctx.table), tableName: ctx.options['table-name'], schema: ctx.schema, primaryKey: ctx.primaryKey,
    maxRows: numberOf(ctx.options, 'sink.buffer-flush.max-rows') ?? 100, maxRetries: numberOf(ctx.options, 'sink.max-retries') ?? 3, table: ctx.table,
  });
}

function createJdbcLookup(ctx: TableContext): LookupTable {
  checkJdbcColumnTypes(ctx.schema, `table '${ctx.table}'`);
  const lookup = jdbcLookupOptions(ctx.options, ctx.table);
  return jdbcLookupTable({
    target: jdbcTarget(ctx.options, ctx.table), tableName: ctx.options['table-name'], schema: ctx.schema,
    ...(lookup.reload === undefined ? {} : { reload: lookup.reload }), maxRetries: lookup.maxRetries, table: ctx.table,
  });
}
