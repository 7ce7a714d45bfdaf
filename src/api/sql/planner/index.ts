/**
 * The SQL binder and planner: parsed statements → catalog changes and logical plans (source, calc,
 * window-aggregate, group-aggregate, watermark, union and sink nodes). Running the plans is the
 * engine's (src/engine/table-environment.ts).
 *
 * @example
 * import { SqlPlanner } from './index.ts';
 * const planner = new SqlPlanner({ catalog, connectors: registry });
 * const planned = planner.plan(parseStatement(sql), sql);
 */
export { SqlPlanner, type PlannedStatement, type SelectPlan, type SqlPlannerOptions } from './planner.ts';
export { PlanContext, type TableConnectors, type ExecutionMode, type ScalarFunctionImplementation, type StoredQuery } from './context.ts';
export { SqlValidationError } from './errors.ts';
export { explainPlan, windowText } from './explain.ts';
export type { TabularResult } from './catalog-statements.ts';
export { planQuery, type OrderKey, type PlannedQuery } from './query.ts';
export { located } from './errors.ts';
export { rowTypeOf, type Column, type Relation, type TimeAttribute } from './relation.ts';
export { toDataType } from './data-types.ts';
export { scanTable } from './table-scan.ts';
