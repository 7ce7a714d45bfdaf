import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Dataflow, SluiceError, start, type LogicalPlan } from '../index.ts';
import { runSqlScript } from './sql-command.ts';
import { StatusLine } from './status-line.ts';

/** Options of `sluice run`. */
export interface RunCommandOptions {
  readonly file: string;
  readonly checkpointDir?: string;
  readonly status: boolean;
  /** How a SQL script's SELECT prints its rows: changelog (default), table, json or csv. */
  readonly format?: string;
}

/**
 * `sluice run job.ts`: loads a module whose default export (or `flow` export) is a Dataflow — or a
 * function returning one — and runs it until its input ends or Ctrl-C, with a refreshing status line.
 * `sluice run job.sql` runs a Flink SQL script (see sql-command.ts).
 *
 * @example
 * await runCommand({ file: 'examples/stock-pipeline.ts', status: true });
 */
export async function runCommand(options: RunCommandOptions): Promise<void> {
  if (options.file.endsWith('.sql')) {
    await runSqlScript({ file: options.file, format: options.format, checkpointDir: options.checkpointDir, status: options.status });
    return;
  }
  const job = await loadJob(options.file);
  const statusLine = new StatusLine();
  const detach = options.status ? statusLine.attach() : () => {};
  const handle = start(job, {
    checkpointDir: options.checkpointDir,
    onStatus: options.status ? (status) => statusLine.update(status) : undefined,
  });
  try {
    const result = await handle.done;
    statusLine.update(result.status);
    detach();
    if (options.status) process.stderr.write(`${result.outcome}: ${statusLine.last()}\n`);
  } catch (error) {
    detach();
    throw error;
  }
}

async function loadJob(file: string): Promise<Dataflow | LogicalPlan> {
  if (!existsSync(file)) throw new SluiceError(`${file}: no such file`);
  const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  const candidate = module.default ?? module.flow;
  const job = typeof candidate === 'function' ? await (candidate as () => unknown)() : candidate;
  if (job instanceof Dataflow) return job;
  if (isPlan(job)) return job;
  throw new SluiceError(`${file}: export a Dataflow as default (or as 'flow'), or a function that returns one`);
}

function isPlan(value: unknown): value is LogicalPlan {
  return typeof value === 'object' && value !== null && Array.isArray((value as LogicalPlan).sinks);
}
