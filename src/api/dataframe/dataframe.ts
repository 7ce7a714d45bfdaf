import { durationSetting } from '../../core/config-keys.ts';
import type { Row } from '../../core/row.ts';
import type { Expr } from '../sql/ast/expressions.ts';
import type { SelectItem } from '../sql/ast/queries.ts';
import { explainPlan, rowTypeOf, type PlanContext, type Relation } from '../sql/planner/index.ts';
import { AnalysisException, analysisError } from './analysis-exception.ts';
import { NO_POS, identifier } from './ast.ts';
import { Column, type WindowGrouping } from './column.ts';
import { BuildContext, INPUT, item, planStep, selectOver, star } from './frame-planning.ts';
import { col, selectItem, sparkDuration, toColumn } from './functions.ts';
import { deduplicateRelation, watermarkRelation } from './frame-steps.ts';
import { GroupedData } from './grouped-data.ts';
import { joinHow, joinKeys, lookupJoinRelation, streamJoinHow } from './joins.ts';
import { intervalCondition, intervalJoinRelation } from './stream-joins.ts';
import type { DataFrameSession } from './session.ts';
import { StructType, sparkSimpleString, sparkTypeName } from './spark-types.ts';
import { DataFrameWriter, DataStreamWriter } from './writers.ts';

/** What the output-mode rules need to know about a DataFrame's aggregation (set by groupBy().agg()). */
export interface AggregationInfo {
  /** Output columns that identify a result row: the grouping columns (the window struct included). */
  readonly keys: readonly string[];
  readonly window?: WindowGrouping;
  /** True when the window's time column has a watermark: windows close, append mode works. */
  readonly watermarked: boolean;
}

/** A sort key of a batch DataFrame's result. */
export interface SortKey {
  readonly column: string;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** How a DataFrame was made; carried along so later checks and sinks know it. */
export interface FrameState {
  readonly streaming: boolean;
  /** Records a micro-batch reads at most (the sources' maxOffsetsPerTrigger). */
  readonly maxRecordsPerTrigger?: number;
  /** The event-time column and delay of the latest withWatermark. */
  readonly watermark?: { readonly column: string; readonly delayMs: number };
  readonly aggregation?: AggregationInfo;
  readonly orderBy?: readonly SortKey[];
  readonly limit?: number;
}

/**
 * A distributed-collection-shaped view of a query, as Spark's DataFrame: every transformation
 * returns a new DataFrame; nothing runs until a streaming query starts (`writeStream…start()`) or a
 * batch action runs (`collect()`, `show()`, `write…save()`). Each step is a SELECT over the previous
 * one, bound by the SQL binder, so a DataFrame and the equivalent SQL compile to the same plan.
 * Columns are checked as the DataFrame is built: a wrong name fails at once with an AnalysisException.
 *
 * @example
 * const json = df.select(fromJson(col('value').cast('string'), schema).alias('data')).select('data.*');
 * const agg = json.groupBy(window(col('transaction_date'), '1 hour'), col('symbol')).agg({ shares: 'sum', price: 'avg' });
 * const query = agg.writeStream.outputMode('update').format('console').start();
 */
export class DataFrame {
  readonly session: DataFrameSession;
  readonly #build: (build: BuildContext) => Relation;
  readonly #state: FrameState;
  readonly #analyzed: Relation;

  /** Used by the session and the readers; user code gets DataFrames from them. */
  constructor(session: DataFrameSession, build: (build: BuildContext) => Relation, state: FrameState) {
    this.session = session;
    this.#build = build;
    this.#state = state;
    // Analysed eagerly, as Spark does: a bad column fails where it is written, not when the query starts.
    this.#analyzed = this.relation(new BuildContext());
  }

  /** The relation of this DataFrame in one build (memoised: a DataFrame used twice is planned once). */
  relation(build: BuildContext): Relation {
    let relation = build.memo.get(this);
    if (relation === undefined) {
      relation = this.#build(build);
      build.memo.set(this, relation);
    }
    return relation;
  }

  /** The relation as analysed when the DataFrame was made: its columns and types (jobs plan their own). */
  get analyzed(): Relation {
    return this.#analyzed;
  }

  /** True when it reads a stream (`readStream`): run it with writeStream, not collect(). */
  get isStreaming(): boolean {
    return this.#state.streaming;
  }

  /** Records one micro-batch reads at most (maxOffsetsPerTrigger of its sources), if limited. */
  get maxRecordsPerTrigger(): number | undefined {
    return this.#state.maxRecordsPerTrigger;
  }

  /** The aggregation this DataFrame ends with, if any (for output-mode rules). */
  get aggregation(): AggregationInfo | undefined {
    return this.#state.aggregation;
  }

  /** The sort and limit a batch result gets (orderBy, limit). */
  get presentation(): { readonly orderBy?: readonly SortKey[]; readonly limit?: number } {
    return { ...(this.#state.orderBy === undefined ? {} : { orderBy: this.#state.orderBy }), ...(this.#state.limit === undefined ? {} : { limit: this.#state.limit }) };
  }

  get schema(): StructType {
    return StructType.fromRowType(rowTypeOf(this.#analyzed));
  }

  get columns(): string[] {
    return this.schema.fieldNames();
  }

  /** `[name, Spark's simple type string]` per column: `['shares', 'int']`. */
  get dtypes(): [string, string][] {
    return this.schema.fields.map((f) => [f.name, sparkSimpleString(f.dataType)]);
  }

  /** The schema as a tree, as Spark prints it. */
  printSchema(out: { write(text: string): unknown } = process.stdout): void {
    out.write(`${this.schema.treeString()}\n`);
  }

  /**
   * Columns by name (`'price'`, `'*'`, `'data.*'` expands a struct) or as Columns.
   *
   * @example
   * df.select('symbol', col('price').multiply(col('shares')).alias('value'))
   */
  select(...columns: (Column | string | readonly (Column | string)[])[]): DataFrame {
    const items = columns.flat().flatMap((c) => this.#selectItems(c));
    return this.#step('select', items);
  }

  /** SQL expressions as text: `selectExpr('symbol', 'price * 2 AS double_price')`. */
  selectExpr(...expressions: string[]): DataFrame {
    let items: SelectItem[];
    try {
      items = expressions.map(selectItem);
    } catch (error) {
      throw analysisError(error, 'selectExpr');
    }
    return this.#step('selectExpr', items);
  }

  /** Rows where the condition holds: a Column or SQL text. @example df.where(col('price').gt(100)) */
  where(condition: Column | string): DataFrame {
    const c = typeof condition === 'string' ? this.#parseExpr(condition, 'where') : condition.expr;
    return this.#derive('where', (input, build) => planStep(this.session, build, { [INPUT]: input }, selectOver(INPUT, [star()], { where: c }), 'where'));
  }

  /** Same as {@link where}. */
  filter(condition: Column | string): DataFrame {
    return this.where(condition);
  }

  /** Adds a column, or replaces the one of that name in place. @example df.withColumn('value', col('price').multiply(col('shares'))) */
  withColumn(name: string, value: Column): DataFrame {
    const names = this.columns;
    const items = names.map((n) => (n === name ? item(value.expr, name) : item(identifier(n), n)));
    if (!names.includes(name)) items.push(item(value.expr, name));
    return this.#step('withColumn', items);
  }

  /** Renames a column (no-op when there is none of that name, as in Spark). */
  withColumnRenamed(existing: string, renamed: string): DataFrame {
    if (!this.columns.includes(existing)) return this;
    return this.#step('withColumnRenamed', this.columns.map((n) => item(identifier(n), n === existing ? renamed : n)));
  }

  /** Without these columns (names that do not exist are ignored, as in Spark). */
  drop(...names: string[]): DataFrame {
    const kept = this.columns.filter((n) => !names.includes(n));
    if (kept.length === this.columns.length) return this;
    return this.#step('drop', kept.map((n) => item(identifier(n), n)));
  }

  /**
   * Declares the event-time column and how late its events may come: the watermark trails the
   * largest event time seen by `delay`. Windowed aggregations over this column then close, drop their
   * state, and can run in append mode; records behind the watermark are dropped as late.
   *
   * @example
   * df.withWatermark('transaction_date', '10 minutes')
   */
  withWatermark(eventTime: string, delay: string): DataFrame {
    let delayMs: number;
    try {
      delayMs = sparkDuration(delay, 'withWatermark delay');
    } catch (error) {
      throw analysisError(error, 'withWatermark');
    }
    const column = this.#analyzed.columns.find((c) => c.name === eventTime);
    if (column === undefined) throw new AnalysisException(`withWatermark: no column '${eventTime}' among ${this.columns.join(', ')}`);
    if (column.type.kind !== 'TIMESTAMP' && column.type.kind !== 'TIMESTAMP_LTZ') {
      throw new AnalysisException(`withWatermark: column '${eventTime}' is ${sparkTypeName(column.type)}; the event-time column must be a timestamp (cast it first)`);
    }
    return this.#derive('withWatermark', (input, build) => watermarkRelation(input, eventTime, delayMs, build), { watermark: { column: eventTime, delayMs } });
  }

  /** Groups rows for aggregation; a `window(…)` column groups by event-time window. @example df.groupBy(window(col('ts'), '1 hour'), 'symbol') */
  groupBy(...columns: (Column | string | readonly (Column | string)[])[]): GroupedData {
    return new GroupedData(this, columns.flat().map(toColumn));
  }

  /** Same as {@link groupBy}. */
  groupby(...columns: (Column | string)[]): GroupedData {
    return this.groupBy(...columns);
  }

  /** Aggregates over all rows: `df.agg(max('price'))`. */
  agg(...args: Parameters<GroupedData['agg']>): DataFrame {
    return this.groupBy().agg(...args);
  }

  /** The rows of both (by column position, duplicates kept — Spark's union). */
  union(other: DataFrame): DataFrame {
    if (other.columns.length !== this.columns.length) {
      throw new AnalysisException(`union: the inputs have ${this.columns.length} and ${other.columns.length} columns; union needs the same number`);
    }
    const streaming = this.isStreaming || other.isStreaming;
    const limits = [this.maxRecordsPerTrigger, other.maxRecordsPerTrigger].filter((n) => n !== undefined);
    return new DataFrame(this.session, (build) => {
      const left = this.relation(build);
      const right = other.relation(build);
      return planStep(this.session, build, { __left: left, __right: right }, unionAll(), 'union');
    }, { streaming, ...(limits.length === 0 ? {} : { maxRecordsPerTrigger: limits.reduce((a, b) => a + b, 0) }) });
  }

  /** The rows of both, matching columns by name. */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    const names = this.columns;
    const missing = names.filter((n) => !other.columns.includes(n));
    if (missing.length > 0 && !allowMissingColumns) throw new AnalysisException(`unionByName: the other DataFrame has no column(s) ${missing.join(', ')}`);
    const aligned = other.select(...names.map((n) => (other.columns.includes(n) ? col(`\`${n}\``) : new Column({ kind: 'NullLiteral', pos: NO_POS }).alias(n))));
    return this.union(aligned);
  }

  /** Sorts a batch result (streaming queries have no global order). */
  orderBy(...columns: (Column | string)[]): DataFrame {
    const keys = columns.map((c): SortKey => {
      const column = toColumn(c);
      const e = column.expr;
      const name = column.aliasName ?? (e.kind === 'Identifier' ? e.parts[e.parts.length - 1] : undefined);
      if (name === undefined || !this.columns.includes(name)) throw new AnalysisException(`orderBy: sort by output columns by name (${this.columns.join(', ')})`);
      return { column: name, descending: column.sort?.descending ?? false, nullsFirst: column.sort?.nullsFirst ?? !(column.sort?.descending ?? false) };
    });
    return this.#withState({ orderBy: keys });
  }

  /** Same as {@link orderBy}. */
  sort(...columns: (Column | string)[]): DataFrame {
    return this.orderBy(...columns);
  }

  /** The first `n` rows of a batch result. */
  limit(n: number): DataFrame {
    if (!Number.isInteger(n) || n < 0) throw new AnalysisException(`limit: expects a non-negative integer, got ${n}`);
    return this.#withState({ limit: n });
  }

  /**
   * Without duplicate rows: the first row of each distinct value of `columns` (all columns when none).
   * On a stream the engine remembers every key seen; when an event-time column with a watermark is among
   * the keys, a key is forgotten once the watermark passes it (and later rows with that time are late).
   *
   * @example
   * events.withWatermark('ts', '10 minutes').dropDuplicates('id', 'ts')
   */
  dropDuplicates(...columns: (string | readonly string[])[]): DataFrame {
    const keys = this.#dedupKeys('dropDuplicates', columns);
    const watermark = this.#state.watermark;
    const expiry = watermark !== undefined && keys.includes(watermark.column) ? { column: watermark.column, afterMs: 0 } : undefined;
    return this.#deduplicate('dropDuplicates', keys, expiry);
  }

  /**
   * Without duplicates that arrive within the watermark delay of the first one (Spark 3.5's
   * dropDuplicatesWithinWatermark): each key is remembered until the watermark passes its first
   * row's event time plus the delay. Needs `withWatermark` first.
   *
   * @example
   * events.withWatermark('ts', '1 hour').dropDuplicatesWithinWatermark('id')
   */
  dropDuplicatesWithinWatermark(...columns: (string | readonly string[])[]): DataFrame {
    const watermark = this.#state.watermark;
    if (watermark === undefined) throw new AnalysisException("dropDuplicatesWithinWatermark needs an event-time watermark: call withWatermark('<column>', '<delay>') first");
    const keys = this.#dedupKeys('dropDuplicatesWithinWatermark', columns);
    return this.#deduplicate('dropDuplicatesWithinWatermark', keys, { column: watermark.column, afterMs: watermark.delayMs });
  }

  /**
   * Joins a static DataFrame (Spark's stream-static join; also batch with batch): on column names both
   * sides have (`'id'` or `['a', 'b']`, the keys appear once) or on `col('a').eq(col('b'))` conditions;
   * `how` is 'inner' (default) or 'left_outer'. The static side is read once when the query starts and
   * held in memory, as Flink's lookup join with a full cache. Two streams join on a condition with a
   * time range (see the stream-stream form below), both watermarked.
   *
   * @example
   * trades.join(companies, 'symbol', 'left_outer')
   */
  join(other: DataFrame, on: string | readonly string[] | Column, how = 'inner'): DataFrame {
    if (other.isStreaming) return this.#streamJoin(other, on, how);
    const kind = joinHow(how);
    const keys = joinKeys(on, this.columns, other.columns);
    const session = this.session;
    return this.#derive('join', (input, build) => {
      const table = other.relation(build);
      return lookupJoinRelation(input, table, keys, kind, () => session.collect(other), build);
    }, { aggregation: undefined });
  }

  /**
   * Spark's stream-stream join: both sides watermarked, the condition equalities plus a time range
   * (`expr('clickAdId = adId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 1 hour')`);
   * inner, left_outer or right_outer.
   */
  #streamJoin(other: DataFrame, on: string | readonly string[] | Column, how: string): DataFrame {
    if (!this.isStreaming) throw new AnalysisException('join: a static DataFrame joins a stream with the stream on the left: stream.join(static, …)');
    if (typeof on === 'string' || Array.isArray(on)) {
      throw new AnalysisException("join: a stream-stream join needs a condition with a time range: expr('a = b AND rt >= lt AND rt <= lt + interval 1 hour')");
    }
    const kind = streamJoinHow(how);
    const condition = intervalCondition((on as Column).expr, this.columns, other.columns);
    return new DataFrame(this.session, (build) => intervalJoinRelation(this.relation(build), other.relation(build), condition, kind, build), {
      streaming: true,
    });
  }

  /** Registers the DataFrame as a view for `spark.sql` and `spark.table`. */
  createOrReplaceTempView(name: string): void {
    // Built into whichever plan uses the view, with that plan's node ids.
    (this.session.views as Map<string, (ctx: PlanContext) => Relation>).set(name, (ctx) => this.relation(new BuildContext({ ids: ctx.usedIds })));
  }

  /** The plan, as SQL's EXPLAIN shows it. */
  explain(): string {
    return `== Physical Plan ==\n${explainPlan([this.#analyzed.node])}`;
  }

  // ---- batch actions ----

  /** Runs a batch DataFrame and returns its rows. */
  async collect(): Promise<Row[]> {
    this.#requireBatch('collect');
    return this.session.collect(this);
  }

  /** Same as {@link collect}. */
  toArray(): Promise<Row[]> {
    return this.collect();
  }

  /** The first `n` rows. */
  async take(n: number): Promise<Row[]> {
    return this.limit(n).collect();
  }

  /** The first `n` rows (default 1): `head()` is one row or undefined. */
  async head(n?: number): Promise<Row[] | Row | undefined> {
    const rows = await this.take(n ?? 1);
    return n === undefined ? rows[0] : rows;
  }

  /** The number of rows of a batch DataFrame. (On a stream, use `groupBy().count()`.) */
  async count(): Promise<number> {
    this.#requireBatch('count');
    return (await this.session.collect(this)).length;
  }

  /** Prints the first rows as Spark's show() does. */
  async show(numRows = 20, truncate: boolean | number = true, vertical = false): Promise<void> {
    this.#requireBatch('show');
    await this.session.show(this, { numRows, truncate, vertical });
  }

  /** Writes a batch DataFrame: `df.write.format('json').mode('overwrite').save(path)`. */
  get write(): DataFrameWriter {
    this.#requireBatch('write');
    return new DataFrameWriter(this);
  }

  /** Starts a streaming query: `df.writeStream.outputMode('update').format('console').start()`. */
  get writeStream(): DataStreamWriter {
    if (!this.isStreaming) throw new AnalysisException("'writeStream' can be called only on streaming DataFrame/Dataset (read with spark.readStream); use 'write' for a batch DataFrame");
    return new DataStreamWriter(this);
  }

  // ---- internals ----

  /** A DataFrame one step further: `plan` builds its relation from this one's. */
  #derive(_operation: string, plan: (input: Relation, build: BuildContext) => Relation, state: Partial<FrameState> = {}): DataFrame {
    return new DataFrame(this.session, (build) => plan(this.relation(build), build), { streaming: this.isStreaming, ...this.#carried(), ...state });
  }

  /** A DataFrame planned as `SELECT items FROM this`. */
  #step(operation: string, items: SelectItem[]): DataFrame {
    return this.#derive(operation, (input, build) => planStep(this.session, build, { [INPUT]: input }, selectOver(INPUT, items), operation));
  }

  /** State that survives a projection or filter: the aggregation a later step still ends with, the watermark. */
  #carried(): Partial<FrameState> {
    return {
      ...(this.#state.maxRecordsPerTrigger === undefined ? {} : { maxRecordsPerTrigger: this.#state.maxRecordsPerTrigger }),
      ...(this.#state.aggregation === undefined ? {} : { aggregation: this.#state.aggregation }),
      ...(this.#state.watermark === undefined ? {} : { watermark: this.#state.watermark }),
    };
  }

  #dedupKeys(operation: string, columns: (string | readonly string[])[]): string[] {
    const keys = columns.flat() as string[];
    for (const k of keys) if (!this.columns.includes(k)) throw new AnalysisException(`${operation}: cannot resolve column '${k}' among ${this.columns.join(', ')}`);
    return keys.length === 0 ? this.columns : keys;
  }

  #deduplicate(operation: string, keys: readonly string[], expiry: { column: string; afterMs: number } | undefined): DataFrame {
    // 'table.exec.state.ttl' set on the session (spark.conf) forgets keys not seen for that long.
    return this.#derive(operation, (input, build) =>
      deduplicateRelation(input, keys, expiry, build, operation, durationSetting(this.session.planner.config, 'table.exec.state.ttl')));
  }

  #withState(state: Partial<FrameState>): DataFrame {
    return new DataFrame(this.session, (build) => this.relation(build), { ...this.#state, ...state });
  }

  #selectItems(c: Column | string): SelectItem[] {
    if (typeof c === 'string') {
      if (c === '*') return [star()];
      const struct = /^(.+)\.\*$/.exec(c);
      if (struct !== null) return this.#expandStruct(struct[1]);
      return [item(col(c).expr)];
    }
    if (c.window !== undefined) throw new AnalysisException(`select: ${c.aliasName ?? 'window'}() columns are for groupBy`);
    return [item(c.expr, c.aliasName ?? defaultName(c))];
  }

  /** `'data.*'`: one column per field of the struct column `data`. */
  #expandStruct(name: string): SelectItem[] {
    const column = this.#analyzed.columns.find((c) => c.name === name);
    if (column === undefined) throw new AnalysisException(`select: cannot resolve '${name}.*' given input columns: [${this.columns.join(', ')}]`);
    if (column.type.kind !== 'ROW') throw new AnalysisException(`select: '${name}.*' needs a struct column; '${name}' is ${sparkTypeName(column.type)}`);
    return column.type.fields.map((f) => item({ kind: 'FieldAccess', target: identifier(name), field: f.name, pos: NO_POS }, f.name));
  }

  #parseExpr(text: string, operation: string): Expr {
    try {
      const parsed = selectItem(text);
      if (parsed.kind === 'SelectStar') throw new AnalysisException(`${operation}: '${text}' is not an expression`);
      return parsed.expr;
    } catch (error) {
      throw analysisError(error, operation);
    }
  }

  #requireBatch(action: string): void {
    if (this.isStreaming) {
      throw new AnalysisException(`Queries with streaming sources must be executed with writeStream.start(); '${action}' needs a batch DataFrame (spark.read)`);
    }
  }
}

/** Spark's name for an unnamed column: the column's name, a struct field's name, else the expression's text. */
function defaultName(c: Column): string | undefined {
  const e = c.expr;
  if (e.kind === 'Identifier') return undefined;
  if (e.kind === 'FieldAccess') return e.field;
  return c.toString();
}

function unionAll() {
  return {
    kind: 'SetOperation', op: 'UNION', all: true, pos: NO_POS,
    left: { kind: 'Query', body: selectOver('__left', [star()]), orderBy: [], pos: NO_POS },
    right: { kind: 'Query', body: selectOver('__right', [star()]), orderBy: [], pos: NO_POS },
  } as const;
}

