// Test helpers for the generator sources: a controllable context and a reader drain.
import { END, type Source, type SourceContext, type SourceReader } from '../../../src/connectors/spi.ts';

/** A context whose processing time is the given clock (real time by default). */
export function contextAt(now: () => number = () => Date.now()): SourceContext {
  return { taskIndex: 0, parallelism: 1, now };
}

/** What a drain read: values and their event times, and whether the split ended. */
export interface Drained<T> {
  values: T[];
  times: number[];
  ended: boolean;
}

/** Polls until `limit` records were read or the split ends (never asking for more than `limit`). */
export async function drain<T>(reader: SourceReader<T>, limit = Number.POSITIVE_INFINITY, pollSize = 997): Promise<Drained<T>> {
  const values: T[] = [];
  const times: number[] = [];
  while (values.length < limit) {
    const batch = await reader.poll(Math.min(pollSize, limit - values.length));
    if (batch === END) return { values, times, ended: true };
    values.push(...batch.values);
    if (batch.times) times.push(...batch.times);
  }
  return { values, times, ended: false };
}

/** Opens split `index` of a source (from `position` if given) and drains it. */
export async function readSplit<T>(source: Source<T>, index = 0, limit = Number.POSITIVE_INFINITY, position?: unknown): Promise<Drained<T>> {
  const ctx = contextAt();
  const splits = await source.splits(ctx);
  return drain(source.createReader(splits[index], position, ctx), limit);
}

/**
 * Reads `first` records, takes the position through a structured clone (as a checkpoint would),
 * opens a fresh reader from it and reads `rest` more: the concatenation, to compare with an
 * uninterrupted read of `first + rest`.
 */
export async function readAcrossRestore<T>(source: Source<T>, first: number, rest: number, index = 0): Promise<Drained<T>> {
  const ctx = contextAt();
  const splits = await source.splits(ctx);
  const reader = source.createReader(splits[index], undefined, ctx);
  const before = await drain(reader, first);
  const position = structuredClone(reader.position());
  await reader.close();
  const after = await drain(source.createReader(splits[index], position, ctx), rest);
  return {
    values: [...before.values, ...after.values],
    times: [...before.times, ...after.times],
    ended: after.ended,
  };
}
