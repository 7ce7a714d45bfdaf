import type { Source } from '../../connectors/spi.ts';
import type { LogicalPlan } from '../../plan/nodes.ts';
import { PlanBuilder } from './plan-builder.ts';
import { Stream, toWatermarkStrategy, type WatermarkOptions } from './stream.ts';

/**
 * A dataflow program in the style of Bytewax and the Kafka Streams DSL: inputs, typed transformations,
 * outputs. Building it only describes the job; run it with `run(flow)` or `npx sluice run job.ts`.
 *
 * @example
 * const flow = new Dataflow('big-trades');
 * flow.input('input', logSource(log, { topic: 'stock_topic', format: 'json' }))
 *   .filter((t: Trade) => t.transaction_value > 10_000)
 *   .output('output', logSink(log, { topic: 'filtered_stock_topic' }));
 * await run(flow);
 */
export class Dataflow {
  readonly name: string;
  private readonly builder: PlanBuilder;

  constructor(name = 'dataflow') {
    this.name = name;
    this.builder = new PlanBuilder(name);
  }

  /**
   * Reads a source. With `watermark`, records get event timestamps and the watermark is tracked per
   * source partition (an idle partition stops holding it back after `idleTimeout`).
   *
   * @example
   * flow.input('trades', stockTradeSource({ seed: 7 }), { watermark: { maxOutOfOrderness: '5 seconds' } })
   */
  input<T>(name: string, source: Source<T> | object, options: { watermark?: WatermarkOptions<T> } = {}): Stream<T> {
    const watermark = options.watermark === undefined ? undefined : toWatermarkStrategy(options.watermark);
    const node = this.builder.add({ kind: 'source', connector: source, watermark }, name);
    return new Stream<T>(this.builder, node);
  }

  /** The logical plan this dataflow describes (what the engine runs). */
  plan(): LogicalPlan {
    return this.builder.build();
  }
}
