import { Catalog } from '../catalog/catalog.ts';
import { booleanSetting, durationSetting, SessionConfig } from '../core/config-keys.ts';
import type { DataType } from '../core/data-types.ts';
import { PlanError } from '../core/errors.ts';
import type { Insert, Statement } from '../api/sql/ast/statements.ts';
import { parseQuery, parseStatement } from '../api/sql/parser/index.ts';
import { quoteIdent } from '../api/sql/printer/index.ts';
import { SqlPlanner, type ExecutionMode, type PlannedStatement } from '../api/sql/planner/index.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import { defaultConnectorRegistry, type ConnectorRegistry } from './connector-registry.ts';
import { stateRunOptions } from './state-config.ts';
import { start, type JobHandle, type RunOptions } from './run.ts';
import { Table, type SqlSession } from './sql-table.ts';
import { explainResult, insertResult, okResult, queryResult, rowsResult, type TableResult } from './sql-table-result.ts';

/**
 * Flink's EnvironmentSettings: streaming (changelogs, unbounded inputs) or batch (bounded inputs,
 * final results).
 *
 * @example
 * const tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
 */
export interface EnvironmentSettings {
  readonly mode: ExecutionMode;
}

/** @example EnvironmentSettings.inBatchMode().mode // 'batch' */
export const EnvironmentSettings = Object.freeze({
  /** Settings for a streaming TableEnvironment (unbounded input, changelog results). */
  inStreamingMode: (): EnvironmentSettings => ({ mode: 'streaming' }),
  /** Settings for a batch TableEnvironment (bounded input, final results). */
  inBatchMode: (): EnvironmentSettings => ({ mode: 'batch' }),
});

/** Everything a TableEnvironment can be created with; all optional. */
export interface TableEnvironmentOptions {
  readonly mode?: ExecutionMode;
  readonly catalog?: Catalog;
  /** Default: every built-in connector ({@link defaultConnectorRegistry}). */
  readonly registry?: ConnectorRegistry;
  /** Initial settings, as SET would make them (`'table.exec.source.idle-timeout': '10 s'`). */
  readonly config?: Readonly<Record<string, string>>;
  /** How jobs run (checkpoint directory, signal handling, clock …). */
  readonly runOptions?: RunOptions;
}

/** Options of a JavaScript scalar function used from SQL. */
export interface FunctionOptions {
  readonly returnType: DataType;
  /** False when two calls with the same arguments may differ. Default true. */
  readonly deterministic?: boolean;
}

/**
 * The entry point of the SQL API, as PyFlink's TableEnvironment: DDL and SET through `executeSql`,
 * queries through `sqlQuery` (a {@link Table} to collect or print), INSERTs start jobs.
 *
 * @example
 * const tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
 * tableEnv.executeSql("CREATE TABLE trades (symbol STRING, shares INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10')");
 * const result = tableEnv.sqlQuery('SELECT symbol, shares FROM trades WHERE shares > 0');
 * console.table(await result.toArray());
 */
export class TableEnvironment implements SqlSession {
  readonly catalog: Catalog;
  readonly registry: ConnectorRegistry;
  readonly planner: SqlPlanner;
  readonly #runOptions: RunOptions;
  #anonymous = 0;

  private constructor(options: TableEnvironmentOptions) {
    this.catalog = options.catalog ?? new Catalog();
    this.registry = options.registry ?? defaultConnectorRegistry();
    this.planner = new SqlPlanner({
      catalog: this.catalog, connectors: this.registry, mode: options.mode ?? 'streaming', config: new SessionConfig(options.config ?? {}),
    });
    this.#runOptions = options.runOptions ?? {};
  }

  /**
   * A new environment with its own catalog.
   *
   * @example
   * TableEnvironment.create({ mode: 'batch' })
   */
  static create(settings: EnvironmentSettings | TableEnvironmentOptions = {}): TableEnvironment {
    return new TableEnvironment(settings);
  }

  /** 'streaming' or 'batch' (`SET 'execution.runtime-mode'` changes it). */
  get mode(): ExecutionMode {
    return this.planner.mode;
  }

  /** The session settings SET and RESET change. */
  get config(): Map<string, string> {
    return this.planner.config;
  }

  /**
   * Runs one statement: DDL, SET, SHOW, DESCRIBE, EXPLAIN → done at once; INSERT or a statement set →
   * a job starts (see {@link TableResult.await}); SELECT → a result that runs when collected or printed.
   * Errors name the line and column, with a caret under the offending text.
   *
   * @example
   * tableEnv.executeSql("CREATE TABLE t (a INT) WITH ('connector' = 'datagen')");
   */
  executeSql(sql: string): TableResult {
    return this.executeStatement(parseStatement(sql), sql);
  }

  /**
   * Runs a parsed statement whose positions refer to `source` (a script's statements one by one).
   *
   * @example
   * for (const stmt of parseScript(script)) await tableEnv.executeStatement(stmt, script).await();
   */
  executeStatement(statement: Statement, source: string): TableResult {
    const planned: PlannedStatement = this.planner.plan(statement, source);
    switch (planned.kind) {
      case 'ok': return okResult();
      case 'table': return rowsResult(planned.result);
      case 'explain': return explainResult(planned.text);
      case 'insert': return insertResult(this.start(planned.plan), planned.tables);
      case 'query': return queryResult(new Table(this, statement as Extract<Statement, { kind: 'Query' }>, source));
    }
  }

  /**
   * A query as a {@link Table}: collect it, print it, insert it, or use it in more SQL.
   *
   * @example
   * const result = tableEnv.sqlQuery('SELECT symbol, AVG(price) AS avg_price FROM stock_data GROUP BY symbol');
   */
  sqlQuery(sql: string): Table {
    const query = parseQuery(sql.replace(/;\s*$/, ''));
    const table = new Table(this, query, sql);
    void table.columns; // plans once, so a bad query fails here rather than when collected
    return table;
  }

  /** The table or view of that name as a Table. @example tableEnv.from('stock_data') */
  from(name: string): Table {
    return this.sqlQuery(`SELECT * FROM ${name.split('.').map(quoteIdent).join('.')}`);
  }

  /** EXPLAIN of a query or INSERT. @example console.log(tableEnv.explainSql('SELECT * FROM trades')) */
  explainSql(sql: string): string {
    return this.planner.explain(parseStatement(sql), sql);
  }

  /**
   * INSERTs run as one job.
   *
   * @example
   * const set = tableEnv.createStatementSet();
   * set.addInsertSql('INSERT INTO a SELECT * FROM t');
   * set.addInsertSql('INSERT INTO b SELECT * FROM t WHERE x > 1');
   * await set.execute().await();
   */
  createStatementSet(): StatementSet {
    return new StatementSet(this);
  }

  /**
   * Registers a JavaScript scalar function for SQL (called with non-null arguments; a NULL argument
   * gives NULL).
   *
   * @example
   * tableEnv.createTemporarySystemFunction('plus_one', (x: number) => x + 1, { returnType: DataTypes.INT() });
   */
  createTemporarySystemFunction(name: string, fn: (...args: any[]) => unknown, options: FunctionOptions): void {
    this.catalog.createFunction({
      name, language: 'javascript', temporary: true, system: true,
      implementation: { fn, returnType: options.returnType, deterministic: options.deterministic ?? true },
    });
  }

  /** Names a Table so SQL can use it. @example tableEnv.createTemporaryView('big', tableEnv.sqlQuery('SELECT …')) */
  createTemporaryView(name: string, table: Table): void {
    const { query, source } = table.query;
    this.catalog.createView({ name, query: { query, source }, text: source, temporary: true });
  }

  /** Table and view names. @example tableEnv.listTables() // ['stock_data'] */
  listTables(): string[] {
    return [...this.catalog.listTables(), ...this.catalog.listViews()].sort();
  }

  /**
   * Starts a job with this environment's connectors and run options, and the settings that concern
   * jobs: 'pipeline.name', 'execution.checkpointing.interval', 'execution.savepoint.ignore-unclaimed-state'
   * (each overriding the run options).
   */
  start(plan: LogicalPlan): JobHandle {
    const options = this.#runOptions;
    const config = this.config;
    const name = config.get('pipeline.name') ?? options.name ?? plan.name;
    const checkpointDir = options.checkpointDir === undefined ? undefined : `${options.checkpointDir}/${plan.name.replace(/[^\w.,-]+/g, '_')}`;
    const checkpointInterval = durationSetting(config, 'execution.checkpointing.interval') ?? options.checkpointInterval;
    const allowNonRestoredState = booleanSetting(config, 'execution.savepoint.ignore-unclaimed-state') ?? options.allowNonRestoredState;
    return start(plan, {
      ...options, ...stateRunOptions(config), name, resolver: this.registry.resolver(), checkpointInterval, allowNonRestoredState,
      ...(checkpointDir === undefined ? {} : { checkpointDir }),
    });
  }

  /** Registers a Table under a generated view name (for `${table}` in SQL text). */
  registerAnonymous(table: Table): string {
    const name = `UnnamedTable$${this.#anonymous++}`;
    this.createTemporaryView(name, table);
    return quoteIdent(name);
  }
}

/**
 * A group of INSERTs planned and run as one job (Flink's StatementSet).
 *
 * @example
 * await tableEnv.createStatementSet().addInsertSql('INSERT INTO out SELECT * FROM t').execute().await();
 */
export class StatementSet {
  readonly #env: TableEnvironment;
  readonly #inserts: { insert: Insert; source: string }[] = [];

  constructor(env: TableEnvironment) {
    this.#env = env;
  }

  /** Adds an INSERT statement. */
  addInsertSql(sql: string): this {
    const statement = parseStatement(sql);
    if (statement.kind !== 'Insert') throw new PlanError(`a statement set takes INSERT statements, got ${statement.kind}`);
    this.#inserts.push({ insert: statement, source: sql });
    return this;
  }

  /** EXPLAIN of the job. */
  explain(): string {
    return this.#env.explainSql(`EXECUTE STATEMENT SET BEGIN ${this.#inserts.map((i) => i.source.replace(/;\s*$/, '')).join('; ')}; END`);
  }

  /** Starts the job. */
  execute(): TableResult {
    if (this.#inserts.length === 0) throw new PlanError('the statement set is empty: add INSERT statements first');
    const planned = this.#env.planner.planInsertSet(this.#inserts);
    return insertResult(this.#env.start(planned.plan), planned.tables);
  }
}
