/**
 * The JDBC connector (PostgreSQL): its table factory and the pieces a program may use directly.
 */
export { jdbcTableFactory } from './table-factory.ts';
export { jdbcScanSource, type JdbcScanOptions } from './jdbc-source.ts';
export { jdbcSink, type JdbcSinkOptions } from './jdbc-sink.ts';
export { jdbcLookupTable, type JdbcLookupOptions } from './jdbc-lookup.ts';
export { parseJdbcUrl, type PostgresAddress } from './jdbc-url.ts';
