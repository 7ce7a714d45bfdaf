import { tableDescriptor, physical, type TableDescriptor } from '../../catalog/descriptors.ts';
import { PlanError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { formatShow } from '../../connectors/console/spark-show.ts';
import { AnalysisException } from '../../api/dataframe/analysis-exception.ts';
import type { DataFrame } from '../../api/dataframe/dataframe.ts';
import { BuildContext } from '../../api/dataframe/frame-planning.ts';
import type { BatchWriteSpec } from '../../api/dataframe/writer-specs.ts';
import { rowTypeOf, type Relation } from '../../api/sql/planner/index.ts';
import type { LogicalPlan, SinkNode } from '../../plan/nodes.ts';
import type { Sink } from '../../connectors/spi.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import { start } from '../run.ts';
import { collectingSink, materialize, sortRows } from '../sql-collect.ts';
import { randomUUID } from 'node:crypto';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** What the batch actions need of the session. */
export interface BatchSession {
  readonly registry: ConnectorRegistry;
}

/**
 * Runs a batch DataFrame to the end and returns its final rows: an aggregation's changelog applied,
 * then the DataFrame's orderBy and limit.
 *
 * @example
 * const rows = await collectRows(spark, df);
 */
export async function collectRows(session: BatchSession, df: DataFrame): Promise<Row[]> {
  const relation = df.relation(new BuildContext());
  if (!relation.bounded) throw new AnalysisException('the DataFrame reads unbounded input; read it with spark.read (bounded) or run it with writeStream');
  const rows: Row[] = [];
  await runInto(session, relation.node, collectingSink((batch) => { for (const r of batch) rows.push(r); }), 'collect');
  const columns = relation.columns.map((c) => c.name);
  let out = relation.updating ? materialize(rows, columns, relation.upsertKey ?? df.aggregation?.keys) : rows;
  const { orderBy, limit } = df.presentation;
  if (orderBy !== undefined) out = sortRows(out, orderBy);
  if (limit !== undefined) out = out.slice(0, limit);
  return out;
}

/**
 * Spark's `show()`: the first rows as a table (or vertically), with the "only showing top N rows" footer.
 *
 * @example
 * await showRows(spark, df, { numRows: 20, truncate: true, vertical: false }, process.stdout);
 */
export async function showRows(
  session: BatchSession, df: DataFrame, options: { numRows: number; truncate: boolean | number; vertical: boolean }, out: { write(text: string): unknown },
): Promise<void> {
  const rows = await collectRows(session, df);
  const columns = rowTypeOf(df.analyzed).fields.map((f) => ({ name: f.name, type: f.type }));
  out.write(`${formatShow(columns, rows, options)}\n`);
}

/**
 * `df.write…save(path)`: the rows into files (json, csv) or a log topic, with Spark's save modes.
 *
 * @example
 * await writeRows(spark, df, { format: 'json', options: {}, mode: 'overwrite', path: '/tmp/out' });
 */
export async function writeRows(session: BatchSession, df: DataFrame, spec: BatchWriteSpec): Promise<void> {
  const relation = df.relation(new BuildContext());
  const type = rowTypeOf(relation);
  const path = spec.path ?? spec.options['path'];
  if (spec.format !== 'json' && spec.format !== 'csv') throw new AnalysisException(`write: unsupported format '${spec.format}' (use json or csv)`);
  if (path === undefined) throw new AnalysisException("write: 'path' is not specified: save('<directory>')");
  let target = path;
  if (await exists(path)) {
    if (spec.mode === 'ignore') return;
    if (spec.mode === 'error' || spec.mode === 'errorifexists') throw new AnalysisException(`path ${path} already exists: use mode('overwrite') or mode('append')`);
    if (spec.mode === 'overwrite') await rm(path, { recursive: true, force: true });
    // The file sink names its parts by task and checkpoint (part-0-1…), as every earlier write did:
    // append writes beside them (hidden from readers), then moves its parts in under unique names.
    else target = join(path, `.append-${randomUUID()}`);
  }
  const table = tableDescriptor({
    name: 'write', columns: type.fields.map((f) => physical(f.name, f.type)),
    options: { connector: 'filesystem', path: target, format: spec.format, ...(spec.format === 'csv' && spec.options['header'] !== undefined ? { 'csv.header': spec.options['header'] } : {}) },
  });
  if (target === path) return writeTable(session, df, relation, table);
  try {
    await writeTable(session, df, relation, table);
    await moveParts(target, path);
  } finally {
    await rm(target, { recursive: true, force: true });
  }
}

async function writeTable(session: BatchSession, df: DataFrame, relation: Relation, table: TableDescriptor): Promise<void> {
  if (relation.updating) {
    // Final rows only: a file cannot take retractions.
    const rows = await collectRows(session, df);
    const sink = session.registry.createSink(table);
    await sink.open({ taskIndex: 0, parallelism: 1, jobName: 'write' });
    await sink.write(rows, rows.map(() => 0));
    const prepared = await sink.prepareCommit(1);
    await sink.commit(1, prepared);
    await sink.close();
    return;
  }
  await runInto(session, relation.node, session.registry.createSink(table), 'write');
}

/** Moves the part files of `from` into `to`, each under a name no other write uses. */
async function moveParts(from: string, to: string): Promise<void> {
  const unique = randomUUID().slice(0, 8);
  for (const name of await readdir(from)) {
    if (!name.startsWith('.')) await rename(join(from, name), join(to, name.replace(/^part-/, `part-${unique}-`)));
  }
}

async function runInto(session: BatchSession, input: SinkNode['input'], sink: Sink<Row>, name: string): Promise<void> {
  const node: SinkNode = Object.freeze({ kind: 'sink', id: `sink-${name}`, input, connector: sink });
  const plan: LogicalPlan = Object.freeze({ name, sinks: Object.freeze([node]) });
  const result = await start(plan, { name, resolver: session.registry.resolver(), handleSignals: false }).done;
  if (result.outcome !== 'finished') throw new PlanError(`${name}: the job ended before its input did`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
