import type { Catalog } from '../../../catalog/catalog.ts';
import { checkSetting, SessionConfig } from '../../../core/config-keys.ts';
import { DataTypes, notNull } from '../../../core/data-types.ts';
import type { LogicalPlan, SinkNode } from '../../../plan/nodes.ts';
import type { Insert, Statement } from '../ast/statements.ts';
import type { Query } from '../ast/queries.ts';
import { describe, show, showCreate, type TabularResult } from './catalog-statements.ts';
import { PlanContext, type ExecutionMode, type TableConnectors } from './context.ts';
import { createTable, createView, drop } from './ddl.ts';
import { at, fail } from './errors.ts';
import { explainPlan } from './explain.ts';
import { createFunction } from './function-ddl.ts';
import { planInsert } from './insert.ts';
import { planTopQuery, type PlannedQuery } from './query.ts';
import type { Relation } from './relation.ts';

/**
 * What a statement amounts to once planned:
 * - 'ok': DDL, SET, RESET, USE — already applied to the catalog or configuration
 * - 'table': SHOW, DESCRIBE, SET (listing) — rows to show
 * - 'query': a SELECT — a plan that needs a sink (see {@link SelectPlan})
 * - 'insert': INSERT INTO / a statement set — a complete job
 * - 'explain': EXPLAIN's text
 */
export type PlannedStatement =
  | { readonly kind: 'ok' }
  | { readonly kind: 'table'; readonly result: TabularResult }
  | { readonly kind: 'query'; readonly select: SelectPlan }
  | { readonly kind: 'insert'; readonly plan: LogicalPlan; readonly tables: readonly string[] }
  | { readonly kind: 'explain'; readonly text: string };

/** A planned SELECT: the query and how to make it a job writing into a given sink connector. */
export interface SelectPlan extends PlannedQuery {
  /** The job: the query's rows into `connector` (a Sink instance or a table descriptor). */
  toPlan(connector: unknown, name?: string): LogicalPlan;
}

/** Where the planner gets tables, connectors and settings. */
export interface SqlPlannerOptions {
  readonly catalog: Catalog;
  readonly connectors: TableConnectors;
  /** Default 'streaming'; `SET 'execution.runtime-mode' = 'batch'` overrides it. */
  readonly mode?: ExecutionMode;
  /** The session configuration that SET and RESET change (a SessionConfig checks every setting). */
  readonly config?: Map<string, string>;
  /** Relations by name resolved before the catalog (the DataFrame API's temporary views). */
  readonly relations?: ReadonlyMap<string, (ctx: PlanContext) => Relation>;
}

/**
 * The SQL binder and planner: statements (parsed by parseScript / parseStatement) → catalog changes,
 * configuration changes, or logical plans for the runtime. Does not run anything: the engine's
 * TableEnvironment runs the plans.
 *
 * @example
 * const planner = new SqlPlanner({ catalog: new Catalog(), connectors: defaultConnectorRegistry() });
 * for (const stmt of parseScript(sql)) {
 *   const planned = planner.plan(stmt, sql);
 *   if (planned.kind === 'insert') await run(planned.plan, { resolver });
 * }
 */
export class SqlPlanner {
  readonly catalog: Catalog;
  readonly connectors: TableConnectors;
  readonly config: Map<string, string>;
  readonly relations: ReadonlyMap<string, (ctx: PlanContext) => Relation>;
  private readonly defaultMode: ExecutionMode;

  constructor(options: SqlPlannerOptions) {
    this.catalog = options.catalog;
    this.connectors = options.connectors;
    this.config = options.config ?? new SessionConfig();
    this.defaultMode = options.mode ?? 'streaming';
    this.relations = options.relations ?? new Map();
  }

  /** 'streaming' or 'batch': `execution.runtime-mode` when SET, else the planner's default. */
  get mode(): ExecutionMode {
    const mode = this.config.get('execution.runtime-mode')?.toLowerCase();
    return mode === 'batch' || mode === 'streaming' ? mode : this.defaultMode;
  }

  /** A fresh planning context for one statement whose positions refer to `source`. */
  context(source?: string, ids?: Set<string>, relations?: ReadonlyMap<string, (ctx: PlanContext) => Relation>): PlanContext {
    return new PlanContext({ catalog: this.catalog, connectors: this.connectors, config: this.config, mode: this.mode, source, ids, relations: relations ?? this.relations });
  }

  /**
   * Plans (and for DDL, SET and RESET: applies) one statement. `source` is the SQL text the
   * statement's positions refer to (the whole script), for error excerpts.
   */
  plan(statement: Statement, source?: string): PlannedStatement {
    const ctx = this.context(source);
    switch (statement.kind) {
      case 'CreateTable': createTable(statement, ctx); return OK;
      case 'CreateView': createView(statement, ctx); return OK;
      case 'Drop': drop(statement, ctx); return OK;
      case 'CreateFunction': createFunction(statement, ctx); return OK;
      case 'Set': {
        const property = statement.property;
        if (property === undefined) return { kind: 'table', result: this.settings() };
        // Checked here too (the session's SessionConfig checks again), so the error points at the key.
        at(property.pos, source, () => checkSetting(property.key, property.value));
        this.config.set(property.key, property.value);
        return OK;
      }
      case 'Reset':
        if (statement.key === undefined) this.config.clear();
        else this.config.delete(statement.key);
        return OK;
      case 'Use':
        if (statement.name.join('.') !== (statement.catalog ? this.catalog.name : this.catalog.database) &&
          statement.name.join('.') !== `${this.catalog.name}.${this.catalog.database}`) {
          throw fail(statement.pos, source, `${statement.catalog ? 'catalog' : 'database'} '${statement.name.join('.')}' not found; there is one: ${statement.catalog ? this.catalog.name : this.catalog.database}`);
        }
        return OK;
      case 'Show': return { kind: 'table', result: show(statement, ctx) };
      case 'ShowCreate': return { kind: 'table', result: textResult('result', showCreate(statement, ctx)) };
      case 'Describe': return { kind: 'table', result: describe(statement, ctx) };
      case 'Explain': return { kind: 'explain', text: this.explain(statement.statement, source) };
      case 'Query': return { kind: 'query', select: this.planSelect(statement, source) };
      case 'Insert': return this.planInserts([statement], source);
      case 'StatementSet': return this.planInserts(statement.inserts, source);
    }
  }

  /**
   * A SELECT as a plan waiting for its sink.
   *
   * @example
   * const select = planner.planSelect(parseQuery('SELECT * FROM trades'), sql);
   * const plan = select.toPlan(memorySink(), 'collect');
   */
  planSelect(query: Query, source?: string): SelectPlan {
    const ids = new Set<string>();
    const planned = planTopQuery(query, this.context(source, ids));
    return {
      ...planned,
      toPlan: (connector, name = 'select') => {
        const sink = this.context(source, ids).node<SinkNode>({ kind: 'sink', input: planned.relation.node, connector }, 'result');
        return Object.freeze({ name, sinks: Object.freeze([sink]) });
      },
    };
  }

  /** INSERTs planned as one job (a statement set), sharing node ids. */
  planInserts(inserts: readonly Insert[], source?: string): PlannedStatement {
    return this.planInsertSet(inserts.map((insert) => ({ insert, source })));
  }

  /**
   * INSERTs from different texts (a StatementSet built statement by statement) planned as one job.
   *
   * @example
   * planner.planInsertSet([{ insert: parseStatement(a) as Insert, source: a }, { insert: parseStatement(b) as Insert, source: b }])
   */
  planInsertSet(items: readonly { readonly insert: Insert; readonly source?: string }[]): PlannedStatement & { kind: 'insert' } {
    const ids = new Set<string>();
    const sinks = items.map(({ insert, source }) => planInsert(insert, this.context(source, ids)));
    const tables = items.map((i) => i.insert.table.join('.'));
    return { kind: 'insert', plan: Object.freeze({ name: `insert-into_${tables.join(',')}`, sinks: Object.freeze(sinks) }), tables };
  }

  /**
   * EXPLAIN text of a query or INSERT (the statement is planned, not run).
   *
   * @example
   * planner.explain(parseStatement('SELECT symbol FROM trades WHERE price > 10'), sql)
   */
  explain(statement: Statement, source?: string): string {
    if (statement.kind === 'Query') return `== Logical Plan ==\n${explainPlan([this.planSelect(statement, source).relation.node])}`;
    if (statement.kind === 'Insert' || statement.kind === 'StatementSet') {
      const planned = this.planInserts(statement.kind === 'Insert' ? [statement] : statement.inserts, source);
      if (planned.kind === 'insert') return `== Logical Plan ==\n${explainPlan(planned.plan.sinks)}`;
    }
    throw fail(statement.pos, source, 'EXPLAIN takes a query, an INSERT or a statement set');
  }

  private settings(): TabularResult {
    const text = notNull(DataTypes.STRING());
    const rows = [...this.config.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => ({ key, value }));
    return { columns: [{ name: 'key', type: text }, { name: 'value', type: text }], rows };
  }
}

const OK: PlannedStatement = Object.freeze({ kind: 'ok' });

function textResult(column: string, value: string): TabularResult {
  return { columns: [{ name: column, type: notNull(DataTypes.STRING()) }], rows: [{ [column]: value }] };
}
