import type { Expr } from '../sql/ast/expressions.ts';
import type { QueryBody, Select, SelectItem, TableRef } from '../sql/ast/queries.ts';
import { PlanContext, planQuery, type Relation, type SqlPlanner } from '../sql/planner/index.ts';
import { analysisError } from './analysis-exception.ts';
import { NO_POS } from './ast.ts';

/**
 * How a DataFrame's plan is built for one job. A DataFrame is planned again for each query that
 * runs it, because the output mode decides how windowed aggregations emit (Spark's update mode
 * needs every window's current value at each micro-batch; append only final windows).
 *
 * @example
 * const build = new BuildContext({ earlyFire: true });
 * const relation = df.relation(build);
 */
export class BuildContext {
  /** Window aggregates emit their current results at each checkpoint (micro-batch), as a changelog. */
  readonly earlyFire: boolean;
  /** Node ids of this job: the same DataFrame built in the same order gets the same ids (checkpoints find their state). */
  readonly ids: Set<string>;
  /** Each DataFrame's relation in this build: a DataFrame used twice (a self-union) is one subplan. */
  readonly memo = new Map<object, Relation>();
  /** Streaming sources end at the input available now (triggers `once` and `availableNow`). */
  readonly boundedNow: boolean;
  /**
   * The longest interval at which a source of this build looks for new input (a watched
   * directory's listing interval), set while planning: input that exists now may take that long
   * to be seen, so `processAllAvailable` waits at least that long for it.
   */
  pollIntervalMs = 0;

  constructor(options: { earlyFire?: boolean; boundedNow?: boolean; ids?: Set<string> } = {}) {
    this.earlyFire = options.earlyFire ?? false;
    this.ids = options.ids ?? new Set();
    this.boundedNow = options.boundedNow ?? false;
  }
}

/** What planning a DataFrame step needs of its session. */
export interface PlanningSession {
  readonly planner: SqlPlanner;
  /** Temporary views (`createOrReplaceTempView`) and memory-sink tables by name. */
  readonly views: ReadonlyMap<string, (ctx: PlanContext) => Relation>;
}

/** The name a step's input relation has in the SELECT planned over it. */
export const INPUT = '__input';

/**
 * Plans one DataFrame step: a SELECT whose FROM names the step's inputs (`__input`, or the given
 * names), bound by the SQL binder exactly as a SQL query is. Planner errors become AnalysisExceptions
 * naming the operation.
 *
 * @example
 * const relation = planStep(planningSession, build, { [INPUT]: input }, selectOver(INPUT, items), 'select');
 */
export function planStep(
  session: PlanningSession, build: BuildContext, inputs: Readonly<Record<string, Relation>>, body: QueryBody, operation: string,
): Relation {
  const ctx = planContext(session, build, inputs);
  try {
    return planQuery({ kind: 'Query', body, orderBy: [], pos: NO_POS }, ctx);
  } catch (error) {
    throw analysisError(error, operation);
  }
}

/**
 * A planning context for one step of `build`: the session's views plus the step's inputs by name,
 * and early firing switched on when the build asks for it.
 *
 * @example
 * const ctx = planContext(planningSession, build, { __input: relation });
 */
export function planContext(session: PlanningSession, build: BuildContext, inputs: Readonly<Record<string, Relation>> = {}): PlanContext {
  const relations = new Map<string, (ctx: PlanContext) => Relation>(session.views);
  for (const [name, relation] of Object.entries(inputs)) relations.set(name, () => relation);
  const planner = session.planner;
  const config = build.earlyFire ? new Map([...planner.config, ['table.exec.emit.early-fire.enabled', 'true']]) : planner.config;
  return new PlanContext({ catalog: planner.catalog, connectors: planner.connectors, config, mode: planner.mode, ids: build.ids, relations });
}

/**
 * `SELECT items FROM input [WHERE …] [GROUP BY …]` as AST.
 *
 * @example
 * selectOver(INPUT, [star()], { where: condition })
 */
export function selectOver(
  input: string | TableRef, items: readonly SelectItem[], options: { where?: Expr; groupBy?: readonly Expr[] } = {},
): Select {
  const from: TableRef = typeof input === 'string' ? { kind: 'TableName', name: [input], hints: [], pos: NO_POS } : input;
  return {
    kind: 'Select', hints: [], distinct: false, items, from, windows: [], pos: NO_POS,
    ...(options.where === undefined ? {} : { where: options.where }),
    ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
  };
}

/** `*`. */
export function star(): SelectItem {
  return { kind: 'SelectStar', pos: NO_POS };
}

/** `expr AS alias`. */
export function item(expr: Expr, alias?: string): SelectItem {
  return { kind: 'SelectExpr', expr, pos: NO_POS, ...(alias === undefined ? {} : { alias }) };
}

/**
 * A plan node id unique in this build and stable for the same DataFrame built in the same order
 * (checkpoints find their operators' state by id).
 *
 * @example
 * nodeId(build, 'deduplicate') // 'deduplicate', then 'deduplicate-1' …
 */
export function nodeId(build: BuildContext, base: string): string {
  let id = base;
  for (let i = 1; build.ids.has(id); i++) id = `${base}-${i}`;
  build.ids.add(id);
  return id;
}
