/**
 * The `blackhole` table connector (Flink's): a sink that discards every row, for benchmarks and for
 * jobs run only for their side effects. It takes no options and accepts any changelog.
 */
import type { Row } from '../../core/row.ts';
import type { Sink } from '../spi.ts';
import type { TableFactory } from '../table-factory.ts';
import { blackholeSink } from './blackhole-sink.ts';

/**
 * `'connector' = 'blackhole'`.
 *
 * @example
 * // CREATE TABLE nowhere (symbol STRING, n BIGINT) WITH ('connector' = 'blackhole')
 * const sink = blackholeTableFactory.createSink!(ctx);
 */
export const blackholeTableFactory: TableFactory = {
  identifier: 'blackhole',
  description: 'discards every row (benchmarks)',
  sinkCapability: 'changelog',
  options: [],
  createSink: (): Sink<Row> => blackholeSink<Row>(),
};
