import { toMillis, type Duration } from '../../core/duration.ts';
import { count as countAggregate, reduce as reduceAggregate } from '../../plan/aggregate-functions.ts';
import type { AggregateFunction } from '../../plan/functions.ts';
import type { PlanNode } from '../../plan/nodes.ts';
import type { LatenessPolicy, WindowResult, WindowSpec } from '../../plan/windows.ts';
import type { PlanBuilder } from './plan-builder.ts';
import { WindowResultStream } from './stream.ts';

/** The side-output tag for records too late for their window. */
export const LATE_TAG = 'late';

/** How a window treats late records. */
export interface WindowedOptions {
  /** How long after a window closes late records still update it (each update is emitted). Default 0. */
  readonly allowedLateness?: Duration;
  /** Records later than that: 'drop' (default; counted in the lateRecordsDropped metric) or 'side-output' (see `lateRecords()`). */
  readonly lateRecords?: 'drop' | 'side-output';
}

/** Converts window options to the plan's lateness policy. */
export function latenessOf(options: WindowedOptions): LatenessPolicy {
  return {
    allowed: options.allowedLateness === undefined ? 0 : toMillis(options.allowedLateness, 'allowedLateness'),
    sideOutput: options.lateRecords === 'side-output' ? LATE_TAG : undefined,
  };
}

/**
 * A keyed (or global) stream cut into windows, waiting for an aggregation.
 *
 * @example
 * declare const keyed: KeyedStream<string, StockTrade>;
 * keyed.window(tumbling('1 hour')).aggregate(aggregates({ total: sum((t: StockTrade) => t.shares), avgPrice: avg((t: StockTrade) => t.price) }))
 */
export class WindowedStream<K, T> {
  private readonly builder: PlanBuilder;
  private readonly input: PlanNode;
  private readonly spec: WindowSpec;
  private readonly options: WindowedOptions;

  constructor(builder: PlanBuilder, input: PlanNode, spec: WindowSpec, options: WindowedOptions) {
    this.builder = builder;
    this.input = input;
    this.spec = spec;
    this.options = options;
  }

  /** Incremental aggregation: one accumulator per key and window, never the raw records. */
  aggregate<R>(aggregate: AggregateFunction<T, any, R>, name?: string): WindowResultStream<K, T, WindowResult<K, R>> {
    const node = this.builder.add(
      { kind: 'window', input: this.input, window: this.spec, aggregate, lateness: latenessOf(this.options) },
      name,
    );
    return new WindowResultStream<K, T, WindowResult<K, R>>(this.builder, node);
  }

  /** Combines the records of a window pairwise. @example windowed.reduce((a, b) => (a.price > b.price ? a : b)) */
  reduce(fn: (a: T, b: T) => T, name?: string): WindowResultStream<K, T, WindowResult<K, T>> {
    return this.aggregate(reduceAggregate(fn) as AggregateFunction<T, any, T>, name);
  }

  /** Number of records per window. @example windowed.count() */
  count(name?: string): WindowResultStream<K, T, WindowResult<K, number>> {
    return this.aggregate(countAggregate() as AggregateFunction<T, any, number>, name);
  }
}

