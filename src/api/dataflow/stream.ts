import type { Sink } from '../../connectors/spi.ts';
import { toMillis, type Duration } from '../../core/duration.ts';
import { PlanError } from '../../core/errors.ts';
import { BRANCH_REJECTED, type PlanNode, type WindowNode } from '../../plan/nodes.ts';
import type { WatermarkStrategy } from '../../plan/watermark-strategy.ts';
import type { WindowSpec } from '../../plan/windows.ts';
import { KeyedStream } from './keyed-stream.ts';
import type { NodeSpec, PlanBuilder } from './plan-builder.ts';
import { WindowedStream, type WindowedOptions } from './windowed-stream.ts';

/** Timestamps and watermarks for a stream, with durations as text or milliseconds. */
export interface WatermarkOptions<T> {
  /** The record's event time in epoch ms; default: the timestamp the source gave it (Kafka's record timestamp). */
  readonly timestamp?: (value: T, sourceTimestamp: number) => number;
  readonly maxOutOfOrderness: Duration;
  readonly idleTimeout?: Duration;
}

/** Converts user watermark options to the plan's strategy. */
export function toWatermarkStrategy<T>(options: WatermarkOptions<T>): WatermarkStrategy<T> {
  return {
    timestamp: options.timestamp,
    maxOutOfOrderness: toMillis(options.maxOutOfOrderness, 'maxOutOfOrderness'),
    idleTimeout: options.idleTimeout === undefined ? undefined : toMillis(options.idleTimeout, 'idleTimeout'),
  };
}

/**
 * A typed stream of records in a Dataflow. Every method returns a new stream (the plan is immutable);
 * the closures are typed end to end, so `Stream<Trade>.map(toBig)` is a `Stream<Big>`.
 *
 * @example
 * flow.input('trades', source)
 *   .filter((t) => t.transaction_value > 10_000)
 *   .map((t) => ({ symbol: t.symbol, value: t.transaction_value }))
 *   .output('big-trades', sink);
 */
export class Stream<T> {
  /** @internal the plan node that produces this stream */
  readonly node: PlanNode;
  /** @internal */
  protected readonly builder: PlanBuilder;

  constructor(builder: PlanBuilder, node: PlanNode) {
    this.builder = builder;
    this.node = node;
  }

  /** Transforms each record. @example stream.map((t) => t.price) */
  map<U>(fn: (value: T) => U, name?: string): Stream<U> {
    return this.next<U>({ kind: 'map', input: this.node, fn }, name);
  }

  /** Keeps records for which the predicate holds. @example stream.filter((t) => t.shares > 100) */
  filter<S extends T>(predicate: (value: T) => value is S, name?: string): Stream<S>;
  filter(predicate: (value: T) => boolean, name?: string): Stream<T>;
  filter(predicate: (value: T) => boolean, name?: string): Stream<T> {
    return this.next<T>({ kind: 'filter', input: this.node, predicate }, name);
  }

  /**
   * Maps and drops the records mapped to null or undefined (Bytewax's filter_map).
   *
   * @example
   * stream.filterMap((t) => (t.transaction_value > 10_000 ? t : null))
   */
  filterMap<U>(fn: (value: T) => U | null | undefined, name?: string): Stream<U> {
    return this.map(fn, name).filter((value): value is U => value !== null && value !== undefined);
  }

  /** Maps each record to zero or more records. @example lines.flatMap((l) => l.split(' ')) */
  flatMap<U>(fn: (value: T) => Iterable<U>, name?: string): Stream<U> {
    return this.next<U>({ kind: 'flat-map', input: this.node, fn }, name);
  }

  /** Sees each record (and its event timestamp) without changing the stream. @example stream.inspect(console.log) */
  inspect(fn: (value: T, timestamp: number) => void, name?: string): Stream<T> {
    return this.next<T>({ kind: 'inspect', input: this.node, fn }, name);
  }

  /**
   * Assigns event timestamps and a bounded-out-of-orderness watermark here, replacing upstream ones.
   * Prefer the `watermark` option of `flow.input`, which tracks each source partition separately.
   *
   * @example
   * stream.withWatermarks({ timestamp: (t) => t.ts, maxOutOfOrderness: '5 seconds' })
   */
  withWatermarks(options: WatermarkOptions<T>, name?: string): Stream<T> {
    return this.next<T>({ kind: 'watermark', input: this.node, strategy: toWatermarkStrategy(options) }, name);
  }

  /** Partitions by key, for keyed state, windows and joins. @example trades.keyBy((t) => t.symbol) */
  keyBy<K>(key: (value: T) => K, name?: string): KeyedStream<K, T> {
    const node = this.builder.add({ kind: 'key-by', input: this.node, key }, name);
    return new KeyedStream<K, T>(this.builder, node);
  }

  /**
   * Windows over the whole stream (one global key; Flink's windowAll).
   *
   * @example
   * stream.window(tumbling('1 minute')).aggregate(count())
   */
  window(spec: WindowSpec, options: WindowedOptions = {}): WindowedStream<undefined, T> {
    return new WindowedStream<undefined, T>(this.builder, this.node, spec, options);
  }

  /** Interleaves other streams of the same type with this one. @example a.merge(b, c) */
  merge(...others: Stream<T>[]): Stream<T> {
    return this.next<T>({ kind: 'union', inputs: [this.node, ...others.map((s) => s.node)] });
  }

  /**
   * Splits the stream by a predicate, evaluated once per record (Bytewax's branch).
   *
   * @example
   * const { trues: big, falses: small } = trades.branch((t) => t.transaction_value > 10_000);
   */
  branch(predicate: (value: T) => boolean, name?: string): { trues: Stream<T>; falses: Stream<T> } {
    const node = this.builder.add({ kind: 'branch', input: this.node, predicate }, name);
    const falses = this.builder.add({ kind: 'side-output', input: node, tag: BRANCH_REJECTED });
    return { trues: new Stream<T>(this.builder, node), falses: new Stream<T>(this.builder, falses) };
  }

  /**
   * Sets the uid of the step that produces this stream (Flink's `uid`): the identity its state has
   * in checkpoints, so a restart finds it again however the rest of the job changed. Without one,
   * a uid is derived from the job (see README, "Restoring a changed job"); set one on every stateful
   * step of a job you expect to change.
   *
   * @example
   * trades.keyBy((t) => t.symbol).statefulMap(() => 0, (n, t) => [n + 1, n + 1]).uid('trade-count')
   */
  uid(uid: string): this {
    this.builder.setUid(this.node, uid);
    return this;
  }

  /** Writes the stream to a sink; `name` is the step id. @example stream.output('out', memorySink()) */
  output(name: string, sink: Sink<T> | object): void {
    this.builder.add({ kind: 'sink', input: this.node, connector: sink }, name);
  }

  /** @internal adds a node reading this stream and returns its stream */
  protected next<U>(node: NodeSpec, name?: string): Stream<U> {
    return new Stream<U>(this.builder, this.builder.add(node, name));
  }
}

/**
 * A window's results, plus access to the records that were too late for it.
 *
 * @example
 * declare const keyed: KeyedStream<string, StockTrade>;
 * const counts: WindowResultStream<string, StockTrade, WindowResult<string, number>> =
 *   keyed.window(tumbling('1 hour'), { lateRecords: 'side-output' }).count();
 */
// Defined here, not in windowed-stream.ts, because a subclass must be evaluated after its base class
// and the stream modules import one another.
export class WindowResultStream<_K, T, R> extends Stream<R> {
  /**
   * The records too late for their window; requires `lateRecords: 'side-output'`.
   *
   * @example
   * const results = keyed.window(tumbling('1 hour'), { lateRecords: 'side-output' }).count();
   * results.lateRecords().output('late', lateSink);
   */
  lateRecords(name?: string): Stream<T> {
    const window = this.node as WindowNode;
    if (window.lateness.sideOutput === undefined) {
      throw new PlanError(`window '${window.id}' drops late records; pass { lateRecords: 'side-output' } to read them`);
    }
    const node = this.builder.add({ kind: 'side-output', input: window, tag: window.lateness.sideOutput }, name);
    return new Stream<T>(this.builder, node);
  }
}

