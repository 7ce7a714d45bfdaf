import { toMillis, type Duration } from '../../core/duration.ts';
import { ConfigError } from '../../core/errors.ts';
import type { ValueState } from '../../state/keyed-state.ts';
import type { KeyedProcessFunction } from '../../plan/functions.ts';
import type { KeyByNode } from '../../plan/nodes.ts';
import type { WindowSpec } from '../../plan/windows.ts';
import type { PlanBuilder } from './plan-builder.ts';
import { Stream } from './stream.ts';
import { WindowedStream, latenessOf, type WindowedOptions } from './windowed-stream.ts';

/** Options of {@link KeyedStream.statefulMap}. */
export interface StatefulMapOptions {
  /** The step name (its id in metrics, the TestDriver and errors). */
  readonly name?: string;
  /** How long after its last write a key's state expires (refreshed by every write; never returned once expired). */
  readonly ttl?: Duration;
}

function positiveMillis(duration: Duration, option: string): number {
  const millis = toMillis(duration, option);
  if (millis <= 0) throw new ConfigError(option, `must be a positive duration, got ${String(duration)}`);
  return millis;
}

/**
 * A stream partitioned by key: keyed state, timers, windows and joins work per key.
 *
 * @example
 * declare const trades: Stream<StockTrade>;
 * trades.keyBy((t) => t.symbol).window(tumbling('1 hour')).aggregate(aggregates({ shares: sum((t: StockTrade) => t.shares) }))
 */
export class KeyedStream<K, T> {
  readonly node: KeyByNode;
  private readonly builder: PlanBuilder;

  constructor(builder: PlanBuilder, node: KeyByNode) {
    this.builder = builder;
    this.node = node;
  }

  /**
   * Windows per key.
   *
   * @example
   * keyed.window(tumbling('1 hour'), { allowedLateness: '1 minute', lateRecords: 'side-output' })
   */
  window(spec: WindowSpec, options: WindowedOptions = {}): WindowedStream<K, T> {
    return new WindowedStream<K, T>(this.builder, this.node, spec, options);
  }

  /**
   * Bytewax's stateful_map: `mapper(state, value)` returns `[newState, output]`; a newState of
   * undefined forgets the key's state. The state is checkpointed. The third argument is the step
   * name, or options: `name` and `ttl` — a key's state not written for that long (processing time)
   * expires and is never seen again: the key's next record starts from `initial()`.
   *
   * @example
   * keyed.statefulMap(() => 0, (count, trade) => [count + 1, { symbol: trade.symbol, count: count + 1 }])
   * keyed.statefulMap(() => 0, (n, click) => [n + 1, n + 1], { name: 'clicks-per-session', ttl: '30 minutes' })
   */
  statefulMap<S, U>(initial: () => S, mapper: (state: S, value: T, key: K) => [S | undefined, U], options?: string | StatefulMapOptions): Stream<U> {
    const { name, ttl } = typeof options === 'string' ? { name: options, ttl: undefined } : (options ?? {});
    const stateTtl = ttl === undefined ? undefined : { ttl: positiveMillis(ttl, 'ttl of statefulMap') };
    return this.process<U>(() => {
      let state: ValueState<S>;
      return {
        open(access) { state = access.valueState<S>('state', stateTtl); },
        processElement(value, ctx) {
          const current = state.value();
          const [next, output] = mapper(current === undefined ? initial() : current, value, ctx.key);
          if (next === undefined) state.clear();
          else state.update(next);
          ctx.emit(output);
        },
      };
    }, name);
  }

  /**
   * Flink's KeyedProcessFunction: per-record logic with keyed state and timers. Pass a factory so
   * every run (and restore) gets a fresh function object.
   *
   * @example
   * keyed.process(() => ({ processElement(t, ctx) { ctx.timers.registerEventTimeTimer(ctx.timestamp + 60_000); },
   *   onTimer(time, _domain, ctx) { ctx.emit(`${ctx.key} quiet since ${time}`); } }))
   */
  process<U>(create: () => KeyedProcessFunction<K, T, U>, name?: string): Stream<U> {
    const node = this.builder.add({ kind: 'process', input: this.node, create }, name);
    return new Stream<U>(this.builder, node);
  }

  /**
   * Windowed inner join with another keyed stream: every pair with equal keys in the same window.
   *
   * @example
   * declare const bids: Stream<Bid>, auctions: Stream<Auction>;
   * bids.keyBy((b) => b.auction).join(auctions.keyBy((a) => a.id), tumbling('10 seconds'), (bid, auction) => ({ ...bid, seller: auction.seller }))
   */
  join<U, R>(other: KeyedStream<K, U>, window: WindowSpec, fn: (left: T, right: U, key: K) => R, options: WindowedOptions = {}, name?: string): Stream<R> {
    const node = this.builder.add(
      { kind: 'join', left: this.node, right: other.node, window, lateness: latenessOf(options), join: fn },
      name,
    );
    return new Stream<R>(this.builder, node);
  }
}
