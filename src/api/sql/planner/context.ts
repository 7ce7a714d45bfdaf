import type { Catalog } from '../../../catalog/catalog.ts';
import type { TableDescriptor } from '../../../catalog/descriptors.ts';
import { durationSetting } from '../../../core/config-keys.ts';
import type { DataType } from '../../../core/data-types.ts';
import type { Row } from '../../../core/row.ts';
import type { Sink, Source } from '../../../connectors/spi.ts';
import type { TableContext, TableFactory } from '../../../connectors/table-factory.ts';
import type { PlanNode } from '../../../plan/nodes.ts';
import type { FunctionCall } from '../ast/expressions.ts';
import type { Query } from '../ast/queries.ts';
import type { Relation } from './relation.ts';

/**
 * What the planner needs from the connector registry (src/engine/connector-registry.ts implements
 * it; the planner may not import the engine): factories by name, the checked context of a table,
 * and its source or sink.
 *
 * @example
 * const planner = new SqlPlanner({ catalog, connectors: defaultConnectorRegistry() });
 */
export interface TableConnectors {
  factory(identifier: string, where?: string): TableFactory;
  tableContext(table: TableDescriptor, use: 'source' | 'sink'): { factory: TableFactory; ctx: TableContext };
  createSource(table: TableDescriptor): Source<Row>;
  createSink(table: TableDescriptor): Sink<Row>;
}

/** Streaming (changelogs, unbounded inputs) or batch (bounded inputs, final results). */
export type ExecutionMode = 'streaming' | 'batch';

/**
 * A JavaScript scalar function registered in the catalog (`FunctionDescriptor.implementation`):
 * called with non-null arguments; any NULL argument gives NULL.
 *
 * @example
 * catalog.createFunction({ name: 'plus_one', implementation: { fn: (x: number) => x + 1, returnType: DataTypes.INT() } });
 */
export interface ScalarFunctionImplementation {
  readonly fn: (...args: any[]) => unknown;
  readonly returnType: DataType;
  readonly deterministic?: boolean;
}

/** A stored view's query: its AST and the text its positions refer to. */
export interface StoredQuery {
  readonly query: Query;
  readonly source: string;
}

/**
 * The state of planning one statement: the SQL text (for error excerpts), the catalog, connectors,
 * configuration (SET), WITH-clause names in scope, and the ids of the nodes created so far.
 *
 * @example
 * const ctx = new PlanContext({ catalog, connectors: registry, source: sql });
 */
/** A Top-N filter of an enclosing query: how many ranks it keeps, and whether it reads the row number. */
export interface TopNFilter {
  readonly limit: number;
  /** The first rank kept (`rn BETWEEN 3 AND 10`, `rn = 2`): 1 unless the filter says otherwise. */
  readonly start: number;
  /** The row number's column name (the select item's alias). */
  readonly column: string;
  /** False when the enclosing query never reads the row number (then the Top-N need not emit rank changes). */
  readonly selected: boolean;
}

export class PlanContext {
  readonly catalog: Catalog;
  readonly connectors: TableConnectors;
  readonly config: ReadonlyMap<string, string>;
  readonly mode: ExecutionMode;
  /** The SQL text positions refer to (changes while a view's query is planned). */
  source: string | undefined;
  /**
   * The table an INSERT writes, while its query is planned: the sources it reads are named
   * `<table>@<target>`, so each INSERT of a statement set has its own (a second INSERT reading the
   * same table does not change what a checkpoint knows the first one's source by).
   */
  insertTarget: string | undefined;
  /** Common table expressions in scope, innermost last. */
  readonly ctes: Map<string, StoredQuery & { columns?: readonly string[] }>[] = [];
  /** Views being expanded (to report a view that refers to itself). */
  readonly expanding: string[] = [];
  /**
   * The Top-N filters found in enclosing queries (`WHERE rn <= N` over a subquery selecting
   * `ROW_NUMBER() OVER (…) AS rn`), by the ROW_NUMBER call they limit (see top-n.ts).
   */
  readonly topNFilters = new Map<FunctionCall, TopNFilter>();
  /**
   * True while CREATE VIEW checks its query: a ROW_NUMBER() there is limited by the queries that will
   * read the view, so it is checked as a Top-1 that selects the row number.
   */
  checkingView = false;
  /**
   * Relations planned already, by name: the DataFrame API's temporary views and the input of each
   * DataFrame step (Spark's analyzed plans), resolved before the catalog. A getter, so a name can stand
   * for something that changes between queries (a memory sink's table).
   */
  readonly relations: ReadonlyMap<string, (ctx: PlanContext) => Relation>;
  private readonly ids: Set<string>;
  private counter = 0;

  constructor(options: {
    catalog: Catalog; connectors: TableConnectors; config?: ReadonlyMap<string, string>; mode?: ExecutionMode; source?: string;
    /** Ids already used (statement sets share them). */
    ids?: Set<string>;
    relations?: ReadonlyMap<string, (ctx: PlanContext) => Relation>;
  }) {
    this.catalog = options.catalog;
    this.connectors = options.connectors;
    this.config = options.config ?? new Map();
    this.mode = options.mode ?? 'streaming';
    this.source = options.source;
    this.ids = options.ids ?? new Set();
    this.relations = options.relations ?? new Map();
  }

  /**
   * Freezes a node and gives it an id, `<kind>-<n>` (with the table name for sources and sinks, which
   * is also their `name`: what a checkpoint knows them by, see plan/operator-uids.ts).
   */
  node<N extends PlanNode>(spec: Omit<N, 'id'>, label?: string): N {
    let id: string;
    do id = `${spec.kind}-${++this.counter}${label === undefined ? '' : `-${label}`}`;
    while (this.ids.has(id));
    this.ids.add(id);
    const name = label !== undefined && spec.kind === 'source' && this.insertTarget !== undefined ? `${label}@${this.insertTarget}` : label;
    return Object.freeze({ ...spec, id, ...(name === undefined ? {} : { name }) }) as N;
  }

  /** The node ids taken so far (a relation built for this context must not reuse them). */
  get usedIds(): Set<string> {
    return this.ids;
  }

  /** Runs `fn` with the positions of `stored`'s text (a view's query). */
  withSource<T>(source: string | undefined, fn: () => T): T {
    const saved = this.source;
    this.source = source;
    try {
      return fn();
    } finally {
      this.source = saved;
    }
  }

  /**
   * `{ stateTtlMs }` from 'table.exec.state.ttl' for a node that keeps per-key state without a window
   * (a GROUP BY, DISTINCT, deduplication): empty when unset, 0, or in batch mode (a bounded run keeps
   * its state to the end, as Flink's batch mode ignores the TTL).
   *
   * @example
   * const ttlOption = ctx.stateTtl(); // { stateTtlMs: 3_600_000 } after SET 'table.exec.state.ttl' = '1 h'
   * ctx.node<GroupAggregateNode>({ ...groupAggregateFields, ...ttlOption })
   */
  stateTtl(): { stateTtlMs?: number } {
    const ttl = durationSetting(this.config, 'table.exec.state.ttl');
    return ttl === undefined || ttl === 0 || this.mode === 'batch' ? {} : { stateTtlMs: ttl };
  }

  /** The config value of `key`, or `fallback`. */
  option(key: string, fallback?: string): string | undefined {
    return this.config.get(key) ?? fallback;
  }
}
