import { PlanError } from '../core/errors.ts';
import { BranchOperator } from '../operators/branch.ts';
import { FilterOperator } from '../operators/filter.ts';
import { FlatMapOperator } from '../operators/flat-map.ts';
import { InspectOperator } from '../operators/inspect.ts';
import { KeyedProcessOperator } from '../operators/keyed-process.ts';
import { MapOperator } from '../operators/map.ts';
import type { Operator } from '../operators/operator.ts';
import { SessionWindowAggregateOperator } from '../operators/session-window-aggregate.ts';
import { UnionOperator } from '../operators/union.ts';
import { WindowAggregateOperator } from '../operators/window-aggregate.ts';
import { WindowJoinOperator } from '../operators/window-join.ts';
import { BRANCH_REJECTED, type PlanNode } from '../plan/nodes.ts';
import {
  buildCalc, buildDeduplicate, buildGroupAggregate, buildIntervalJoin, buildLookupJoin, buildOverAggregate, buildRank, buildRegularJoin, buildTemporalJoin,
  buildWindowAggregate, buildWindowJoin, buildWindowRank,
} from './relational-builders.ts';

/** Plan node kinds that become an operator (the rest are sources, sinks and wiring). */
export type OperatorNode = Extract<PlanNode, { kind: OperatorKind }>;
export type OperatorKind =
  | 'map' | 'filter' | 'flat-map' | 'inspect' | 'window' | 'process' | 'join' | 'union' | 'branch'
  | 'calc' | 'window-aggregate' | 'group-aggregate' | 'lookup-join' | 'deduplicate' | 'interval-join' | 'regular-join'
  | 'window-join' | 'temporal-join' | 'rank' | 'window-rank' | 'over-aggregate';

type Builders = { [K in OperatorKind]: (node: Extract<PlanNode, { kind: K }>) => Operator<unknown, unknown> };

/** The key a keyed node uses: its key-by input's function, or one global key. */
function keyOf(node: PlanNode): ((value: unknown) => unknown) | undefined {
  return node.kind === 'key-by' ? node.key : undefined;
}

/**
 * One builder per operator kind — a table, so a new plan kind is a compile error until it is handled.
 */
const BUILDERS: Builders = {
  map: (node) => new MapOperator(node.fn),
  filter: (node) => new FilterOperator(node.predicate),
  'flat-map': (node) => new FlatMapOperator(node.fn),
  inspect: (node) => new InspectOperator(node.fn),
  union: () => new UnionOperator(),
  branch: (node) => new BranchOperator(node.predicate, BRANCH_REJECTED),
  process: (node) => new KeyedProcessOperator(node.input.key, node.create),
  window: (node) => {
    const config = {
      window: node.window,
      aggregate: node.aggregate,
      lateness: node.lateness,
      key: keyOf(node.input),
      result: node.result,
    };
    if (node.window.kind === 'session') {
      if (node.aggregate.merge === undefined) {
        throw new PlanError(`window '${node.id}': session windows merge, so the aggregate needs a merge function`);
      }
      return new SessionWindowAggregateOperator(config) as Operator<unknown, unknown>;
    }
    return new WindowAggregateOperator(config) as Operator<unknown, unknown>;
  },
  // Relational nodes (SQL, DataFrame): their expressions are compiled once, here.
  calc: buildCalc,
  'window-aggregate': buildWindowAggregate,
  'group-aggregate': buildGroupAggregate,
  'lookup-join': buildLookupJoin,
  deduplicate: buildDeduplicate,
  'interval-join': buildIntervalJoin,
  'regular-join': buildRegularJoin,
  'window-join': buildWindowJoin,
  'temporal-join': buildTemporalJoin,
  rank: buildRank,
  'window-rank': buildWindowRank,
  'over-aggregate': buildOverAggregate,
  join: (node) =>
    new WindowJoinOperator({
      leftKey: node.left.key,
      rightKey: node.right.key,
      window: node.window,
      lateness: node.lateness,
      join: node.join,
    }) as Operator<unknown, unknown>,
};

const OPERATOR_KINDS = new Set<string>(Object.keys(BUILDERS));

export function isOperatorNode(node: PlanNode): node is OperatorNode {
  return OPERATOR_KINDS.has(node.kind);
}

/**
 * Builds the physical operator for a plan node.
 *
 * @example
 * const operator = buildOperator(filterNode);
 */
export function buildOperator(node: OperatorNode): Operator<unknown, unknown> {
  const build = BUILDERS[node.kind] as (node: OperatorNode) => Operator<unknown, unknown>;
  return build(node);
}
