import { CalcOperator } from '../operators/calc.ts';
import { DeduplicateOperator } from '../operators/deduplicate.ts';
import { createGroupAggregateOperator } from '../operators/group-aggregate.ts';
import { IntervalJoinOperator } from '../operators/interval-join.ts';
import { LookupJoinOperator } from '../operators/lookup-join.ts';
import { OverAggregateOperator } from '../operators/over-aggregate.ts';
import { RankOperator } from '../operators/rank.ts';
import { RegularJoinOperator } from '../operators/regular-join.ts';
import { TemporalJoinOperator } from '../operators/temporal-join.ts';
import type { Operator } from '../operators/operator.ts';
import { SessionWindowAggregateOperator } from '../operators/session-window-aggregate.ts';
import { compileResultRow, resultSources } from '../operators/sql-aggregates/result-row.ts';
import { sqlWindowAggregateConfig } from '../operators/sql-aggregates/window-config.ts';
import { WindowAggregateOperator } from '../operators/window-aggregate.ts';
import { WindowJoinOperator } from '../operators/window-join.ts';
import { WindowRankOperator } from '../operators/window-rank.ts';
import { sqlWindowJoinConfig } from '../operators/window-join-rows.ts';
import type {
  CalcNode, DeduplicateNode, GroupAggregateNode, IntervalJoinNode, LookupJoinNode, OverAggregateNode, RankNode, RegularJoinNode, TemporalJoinNode,
  WindowAggregateNode, WindowJoinNode, WindowRankNode,
} from '../plan/nodes.ts';

/**
 * The physical operators of the relational plan nodes (the SQL and DataFrame APIs build them): each
 * compiles the node's typed expressions once, here, when the job graph is built.
 */

/**
 * A calc node: compiled filter + projection in one pass.
 *
 * @example
 * const op = buildCalc(calcNode);
 */
export function buildCalc(node: CalcNode): Operator<unknown, unknown> {
  return new CalcOperator(node) as Operator<unknown, unknown>;
}

/**
 * A window-aggregate node: the window operator (the session one for session windows) with the
 * compiled composite key and aggregate calls, mapping each result to an output row. With `earlyFire`
 * the rows carry their changelog kind in `$kind` (+I, -U, +U, -D), as a group aggregate's do.
 *
 * @example
 * const op = buildWindowAggregate(windowAggregateNode);
 */
export function buildWindowAggregate(node: WindowAggregateNode): Operator<unknown, unknown> {
  const label = `window-aggregate '${node.id}'`;
  let config = sqlWindowAggregateConfig(node, label);
  if (node.earlyFire === true) {
    const build = compileResultRow(
      node.outputType,
      resultSources(node.keys.map((k) => k.name), node.windowColumns, node.calls.map((c) => c.name)),
      { compositeKey: node.keys.length > 1, withKind: true, label },
    );
    config = { ...config, earlyFire: true, result: (r, kind) => build(r.key, r.start, r.end, r.value, kind ?? 'insert') };
  }
  if (node.window.kind === 'session') return new SessionWindowAggregateOperator(config) as Operator<unknown, unknown>;
  return new WindowAggregateOperator(config) as Operator<unknown, unknown>;
}

/**
 * A group-aggregate node: the updating aggregate that emits a changelog (+I, -U, +U).
 *
 * @example
 * const op = buildGroupAggregate(groupAggregateNode);
 */
export function buildGroupAggregate(node: GroupAggregateNode): Operator<unknown, unknown> {
  return createGroupAggregateOperator(node, `group-aggregate '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A lookup-join node: the stream joined with its static table, which the operator loads in
 * `prepare()` (the runner awaits it before reading any input).
 *
 * @example
 * const op = buildLookupJoin(lookupJoinNode);
 */
export function buildLookupJoin(node: LookupJoinNode): Operator<unknown, unknown> {
  return new LookupJoinOperator(node, `lookup-join '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A deduplicate node: keep-first-row by key, keys expiring by the watermark when the node says so.
 *
 * @example
 * const op = buildDeduplicate(deduplicateNode);
 */
export function buildDeduplicate(node: DeduplicateNode): Operator<unknown, unknown> {
  return new DeduplicateOperator(node, `deduplicate '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * An interval-join node: its two inputs joined on equal keys within a time range, input 0 the left.
 *
 * @example
 * const op = buildIntervalJoin(intervalJoinNode);
 */
export function buildIntervalJoin(node: IntervalJoinNode): Operator<unknown, unknown> {
  return new IntervalJoinOperator(node, `interval-join '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A regular-join node: its two inputs (append-only or changelogs) joined on equal keys, input 0 the
 * left; the output is a changelog.
 *
 * @example
 * const op = buildRegularJoin(regularJoinNode);
 */
export function buildRegularJoin(node: RegularJoinNode): Operator<unknown, unknown> {
  return new RegularJoinOperator(node, `regular-join '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A window-join node: the window join operator (the Dataflow API's) with compiled keys, condition and
 * output rows carrying the window bounds; input 0 the left.
 *
 * @example
 * const op = buildWindowJoin(windowJoinNode);
 */
export function buildWindowJoin(node: WindowJoinNode): Operator<unknown, unknown> {
  return new WindowJoinOperator(sqlWindowJoinConfig(node, `window-join '${node.id}'`)) as Operator<unknown, unknown>;
}

/**
 * A temporal-join node: each left row joined with the right table's version valid at its time, input 0
 * the left.
 *
 * @example
 * const op = buildTemporalJoin(temporalJoinNode);
 */
export function buildTemporalJoin(node: TemporalJoinNode): Operator<unknown, unknown> {
  return new TemporalJoinOperator(node, `temporal-join '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A rank node: Top-N (or deduplication by ROW_NUMBER) per partition key over an append-only input;
 * the output is a changelog of the ranks that changed.
 *
 * @example
 * const op = buildRank(rankNode);
 */
export function buildRank(node: RankNode): Operator<unknown, unknown> {
  return new RankOperator(node, `rank '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * A window-rank node: window Top-N (or window deduplication), emitted once per window.
 *
 * @example
 * const op = buildWindowRank(windowRankNode);
 */
export function buildWindowRank(node: WindowRankNode): Operator<unknown, unknown> {
  return new WindowRankOperator(node, `window-rank '${node.id}'`) as Operator<unknown, unknown>;
}

/**
 * An over-aggregate node: each row with the aggregates of its OVER frame.
 *
 * @example
 * const op = buildOverAggregate(overAggregateNode);
 */
export function buildOverAggregate(node: OverAggregateNode): Operator<unknown, unknown> {
  return new OverAggregateOperator(node, `over-aggregate '${node.id}'`) as Operator<unknown, unknown>;
}
