/**
 * SQL aggregates on the hot path: AggregateCall[] compiled into one incremental AggregateFunction over
 * rows, GROUP BY keys into a key function, and result rows built by a generated function.
 *
 * @example
 * import { compileAggregateCalls } from './index.ts';
 * const agg = compileAggregateCalls(node.calls, node.inputType);
 */
export { compileAggregateCalls, type CompiledAggregateCalls } from './compile-calls.ts';
export { aggregatorFor, DEFAULT_LISTAGG_SEPARATOR } from './aggregator-for.ts';
export { compileGroupKey } from './group-key.ts';
export { compileResultRow, resultSources, type ResultRowBuilder, type ResultSource } from './result-row.ts';
export { sqlWindowAggregateConfig } from './window-config.ts';
export { numericResult } from './result-types.ts';
export { distinctAggregator, type DistinctAccumulator } from './distinct.ts';
export type { ValueAggregator } from './value-aggregator.ts';
