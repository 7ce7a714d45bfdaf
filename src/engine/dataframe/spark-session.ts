import { Catalog } from '../../catalog/catalog.ts';
import { physical, tableDescriptor } from '../../catalog/descriptors.ts';
import { checkSetting, SessionConfig } from '../../core/config-keys.ts';
import { DataTypes, type DataType, type RowType } from '../../core/data-types.ts';
import type { Row } from '../../core/row.ts';
import { dropMemoryTable, memoryTableRows, registerMemoryTable } from '../../connectors/memory/table-factory.ts';
import { NO_POS } from '../../api/dataframe/ast.ts';
import { AnalysisException, analysisError } from '../../api/dataframe/analysis-exception.ts';
import { DataFrame } from '../../api/dataframe/dataframe.ts';
import { BuildContext, planContext } from '../../api/dataframe/frame-planning.ts';
import { DataReader } from '../../api/dataframe/readers.ts';
import type { DataFrameSession } from '../../api/dataframe/session.ts';
import { StructType } from '../../api/dataframe/spark-types.ts';
import type { StreamingQuery, StreamingQueryListener } from '../../api/dataframe/streaming-query.ts';
import type { BatchWriteSpec, StreamWriteSpec } from '../../api/dataframe/writer-specs.ts';
import { parseQuery } from '../../api/sql/parser/index.ts';
import { SqlPlanner, planQuery, scanTable, type PlanContext, type Relation } from '../../api/sql/planner/index.ts';
import { defaultConnectorRegistry, type ConnectorRegistry } from '../connector-registry.ts';
import { collectRows, showRows, writeRows } from './batch-actions.ts';
import { StreamingQueryRunner, type QuerySession } from './streaming-query-runner.ts';

/** The catalog function a tumbling window over a column without a watermark groups by. */
const WINDOW_START_FUNCTION = 'sluice_window_start';

let sessionCount = 0;
let active: SparkSession | undefined;

/**
 * The entry point of the DataFrame API, as Spark's SparkSession: `readStream` / `read` make
 * DataFrames, `sql` runs SQL over the same catalog and temporary views, `streams` manages the
 * running queries. DataFrames, SQL and Dataflows all compile to one plan and run on one runtime.
 *
 * @example
 * const spark = SparkSession.builder().appName('KafkaSparkStreaming').getOrCreate();
 * const df = spark.readStream.format('kafka').option('kafka.bootstrap.servers', 'localhost:9092')
 *   .option('subscribe', 'stock_topic').load();
 */
export class SparkSession implements DataFrameSession, QuerySession {
  readonly appName: string;
  readonly planner: SqlPlanner;
  readonly registry: ConnectorRegistry;
  readonly views = new Map<string, (ctx: PlanContext) => Relation>();
  readonly windowStartFunction = WINDOW_START_FUNCTION;
  readonly listeners: StreamingQueryListener[] = [];
  readonly streams: StreamingQueryManager;
  /** Where console sinks and show() print. */
  out: { write(text: string): unknown } = process.stdout;
  readonly #active = new Set<StreamingQueryRunner>();
  readonly #prefix = `__sluice_df${sessionCount++}`;
  #memoryTables = 0;

  constructor(options: { appName?: string; config?: Readonly<Record<string, string>>; registry?: ConnectorRegistry } = {}) {
    this.appName = options.appName ?? 'sluice';
    this.registry = options.registry ?? defaultConnectorRegistry();
    const catalog = new Catalog();
    this.planner = new SqlPlanner({ catalog, connectors: this.registry, config: new SessionConfig(options.config ?? {}), relations: this.views });
    catalog.createFunction({
      name: WINDOW_START_FUNCTION, language: 'javascript', temporary: true,
      implementation: { fn: windowStart, returnType: DataTypes.TIMESTAMP(3), deterministic: true },
    });
    this.streams = new StreamingQueryManager(this);
  }

  /** @example SparkSession.builder().appName('app').config('k', 'v').getOrCreate() */
  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  /** The session getOrCreate() returned last, if still open. */
  static getActiveSession(): SparkSession | undefined {
    return active;
  }

  /** Streaming sources: `spark.readStream.format('kafka')…load()`. */
  get readStream(): DataReader {
    return new DataReader(this, true);
  }

  /** Bounded sources (batch): `spark.read.format('json').load(path)`. */
  get read(): DataReader {
    return new DataReader(this, false);
  }

  /** Session settings (`spark.conf.set('table.exec.source.idle-timeout', '10 s')`). */
  get conf(): { set(key: string, value: string | number | boolean): void; get(key: string, fallback?: string): string | undefined } {
    const config = this.planner.config;
    return { set: (k, v) => { config.set(k, String(v)); }, get: (k, fallback) => config.get(k) ?? fallback };
  }

  /**
   * A SQL query over the session's tables and temporary views as a DataFrame (Flink SQL's dialect).
   *
   * @example
   * spark.sql('SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol')
   */
  sql(query: string): DataFrame {
    const ast = parseQuery(query.replace(/;\s*$/, ''));
    const build = (b: BuildContext): Relation => {
      const ctx = planContext(this, b);
      ctx.source = query;
      try {
        return planQuery(ast, ctx);
      } catch (error) {
        throw analysisError(error, 'sql');
      }
    };
    const streaming = !build(new BuildContext()).bounded;
    return new DataFrame(this, build, { streaming });
  }

  /** A temporary view (or memory-sink table) by name. */
  table(name: string): DataFrame {
    if (!this.views.has(name)) throw new AnalysisException(`Table or view not found: ${name}`);
    return this.sql(`SELECT * FROM \`${name.replaceAll('`', '``')}\``);
  }

  /**
   * A batch DataFrame over rows (values as JSON would have them, or in the engine's representation);
   * the schema is inferred from the first row when not given.
   *
   * @example
   * spark.createDataFrame([{ symbol: 'AAPL', price: 187.5 }])
   */
  createDataFrame(rows: readonly Row[], schema?: StructType | RowType): DataFrame {
    return this.#rowsFrame(rows, schema).df;
  }

  /** Stops every active query. */
  async stop(): Promise<void> {
    await Promise.all([...this.#active].map((q) => q.stop()));
    if (active === this) active = undefined;
  }

  // ---- DataFrameSession ----

  collect(df: DataFrame): Promise<Row[]> {
    return collectRows(this, df);
  }

  async show(df: DataFrame, options: { numRows: number; truncate: boolean | number; vertical: boolean }): Promise<void> {
    await showRows(this, df, options, this.out);
  }

  startStream(df: DataFrame, spec: StreamWriteSpec): StreamingQuery {
    if (spec.queryName !== undefined && [...this.#active].some((q) => q.name === spec.queryName)) {
      throw new AnalysisException(`Cannot start query with name ${spec.queryName} as a query with that name is already active`);
    }
    return new StreamingQueryRunner(this, df, spec);
  }

  writeBatch(df: DataFrame, spec: BatchWriteSpec): Promise<void> {
    return writeRows(this, df, spec);
  }

  // ---- QuerySession ----

  /** Called by a query as it starts: it becomes one of `streams.active`. */
  queryStarted(query: StreamingQueryRunner): void {
    this.#active.add(query);
  }

  /** Called by a query as it ends. */
  queryTerminated(query: StreamingQueryRunner): void {
    this.#active.delete(query);
  }

  /** Active queries. */
  activeQueries(): StreamingQueryRunner[] {
    return [...this.#active];
  }

  /** A foreachBatch batch: its rows as a batch DataFrame, forgotten after `fn`. */
  async withBatchDataFrame(rows: Row[], type: RowType, fn: (df: DataFrame) => Promise<void>): Promise<void> {
    const { df, name } = this.#rowsFrame(rows, type);
    try {
      await fn(df);
    } finally {
      dropMemoryTable(name);
    }
  }

  setMemoryTable(name: string, rows: readonly Row[], type: RowType): void {
    const collection = `${this.#prefix}_memory_${name}`;
    registerMemoryTable(collection, rows);
    const table = tableDescriptor({ name, columns: type.fields.map((f) => physical(f.name, f.type)), options: { connector: 'sluice-memory', name: collection } });
    this.views.set(name, (ctx) => scanTable(table, { pos: NO_POS, qualifier: name, hints: [] }, ctx));
  }

  memoryTable(name: string): readonly Row[] {
    return memoryTableRows(`${this.#prefix}_memory_${name}`);
  }

  #rowsFrame(rows: readonly Row[], schema: StructType | RowType | undefined): { df: DataFrame; name: string } {
    const type = schema === undefined ? inferType(rows) : schema instanceof StructType ? schema.toRowType() : schema;
    const name = `${this.#prefix}_rows${this.#memoryTables++}`;
    registerMemoryTable(name, rows.map(withoutDates));
    const table = tableDescriptor({ name, columns: type.fields.map((f) => physical(f.name, f.type)), options: { connector: 'sluice-memory', name } });
    const df = new DataFrame(this, (b) => scanTable(table, { pos: NO_POS, qualifier: name, hints: [] }, planContext(this, b)), { streaming: false });
    return { df, name };
  }
}

/** Dates as epoch milliseconds (the engine's timestamps). */
function withoutDates(row: Row): Row {
  let out: Row | undefined;
  for (const [k, v] of Object.entries(row)) {
    if (v instanceof Date) {
      out ??= { ...row };
      out[k] = v.getTime();
    }
  }
  return out ?? row;
}

/**
 * Spark's SparkSession.Builder.
 *
 * @example
 * const spark = SparkSession.builder().appName('trades').config('spark.sql.shuffle.partitions', 1).getOrCreate();
 */
export class SparkSessionBuilder {
  #appName = 'sluice';
  readonly #config: Record<string, string> = {};

  /** The application name (`spark.conf.get('spark.app.name')`). */
  appName(name: string): this {
    this.#appName = name;
    return this;
  }

  /** Accepted for compatibility: Sluice runs in this process ('local[*]'). */
  master(_master: string): this {
    return this;
  }

  /** A session setting; one of the engine's keys (table.exec.*, state.* …) is checked at once. */
  config(key: string, value: string | number | boolean): this {
    checkSetting(key, String(value));
    this.#config[key] = String(value);
    return this;
  }

  /** The active session, or a new one. */
  getOrCreate(): SparkSession {
    active ??= new SparkSession({ appName: this.#appName, config: this.#config });
    return active;
  }
}

/**
 * Spark's StreamingQueryManager (`spark.streams`): active queries, waiting for any to end, listeners.
 *
 * @example
 * spark.streams.addListener({ onQueryProgress: (e) => console.log(e.progress.numInputRows) });
 */
export class StreamingQueryManager {
  readonly #session: SparkSession;

  constructor(session: SparkSession) {
    this.#session = session;
  }

  get active(): StreamingQuery[] {
    return this.#session.activeQueries();
  }

  /** The active query with this id, if any. */
  get(id: string): StreamingQuery | undefined {
    return this.#session.activeQueries().find((q) => q.id === id);
  }

  /** Registers a listener for the session's queries' start, progress and end. */
  addListener(listener: StreamingQueryListener): void {
    this.#session.listeners.push(listener);
  }

  /** Unregisters a listener. */
  removeListener(listener: StreamingQueryListener): void {
    const i = this.#session.listeners.indexOf(listener);
    if (i >= 0) this.#session.listeners.splice(i, 1);
  }

  /** Resolves when any active query ends. */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    const queries = this.active;
    if (queries.length === 0) return true;
    return Promise.race(queries.map((q) => q.awaitTermination(timeoutMs)));
  }
}

/** `sluice_window_start(ts, size, offset)`: the start of the tumbling window holding `ts`. */
function windowStart(ts: number, size: number, offset: number): number {
  return ts - (((ts - offset) % size) + size) % size;
}

function inferType(rows: readonly Row[]): RowType {
  const first = rows[0];
  if (first === undefined) throw new AnalysisException('createDataFrame: cannot infer a schema from no rows; pass a StructType');
  return DataTypes.ROW(Object.entries(first).map(([name, value]) => ({ name, type: inferValueType(value, name) })));
}

function inferValueType(value: unknown, name: string): DataType {
  if (typeof value === 'string') return DataTypes.STRING();
  if (typeof value === 'boolean') return DataTypes.BOOLEAN();
  if (typeof value === 'bigint') return DataTypes.BIGINT();
  if (typeof value === 'number') return Number.isInteger(value) ? DataTypes.BIGINT() : DataTypes.DOUBLE();
  if (value instanceof Date) return DataTypes.TIMESTAMP(3);
  throw new AnalysisException(`createDataFrame: cannot infer the type of column '${name}' from ${value === null ? 'null' : typeof value}; pass a StructType`);
}
