import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Dataflow, SluiceError, type LogicalPlan } from '../index.ts';

/**
 * Imports a job module and returns its job: the default export (or `flow` export), a Dataflow or a
 * plan, or a function returning one (called once per import, so each task gets fresh connectors).
 *
 * @example
 * const job = await loadJob('examples/stock-pipeline.ts');
 */
export async function loadJob(file: string): Promise<Dataflow | LogicalPlan> {
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

/**
 * An error as the CLI prints it: ours and Node's coded errors as their message, anything else (a
 * bug) with its stack trace.
 *
 * @example
 * process.stderr.write(`sluice: ${errorText(error)}\n`);
 */
export function errorText(error: unknown): string {
  return error instanceof SluiceError || (error instanceof Error && 'code' in error)
    ? error.message
    : error instanceof Error ? (error.stack ?? error.message) : String(error);
}
