import { SluiceError } from '../../core/errors.ts';
import type { Source, SourceContext } from '../spi.ts';
import { END } from '../spi.ts';

const SINGLE_TASK: SourceContext = { taskIndex: 0, parallelism: 1, now: () => Date.now() };

/**
 * Reads every split of a source into one array, split after split, without a job (tests, REPL).
 * A bounded source is read to its end; an unbounded one until a split first returns an empty batch.
 *
 * @example
 * await toArray(memorySource([1, 2, 3], { splits: 2 })) // [1, 2, 3]
 */
export async function toArray<T>(source: Source<T>, maxRecords = 1024): Promise<T[]> {
  // Dead letters are written by the job's checkpoints; without a job they would vanish.
  if (source.deadLetterSink !== undefined) throw new SluiceError(`toArray: source '${source.name}' has a dead-letter sink, which only a job writes: run it in a job`);
  const out: T[] = [];
  for (const split of await source.splits(SINGLE_TASK)) {
    const reader = source.createReader(split, undefined, SINGLE_TASK);
    try {
      for (;;) {
        const batch = await reader.poll(maxRecords);
        if (batch === END) break;
        if (batch.values.length === 0 && !source.bounded) break;
        for (const value of batch.values) out.push(value);
      }
    } finally {
      await reader.close();
    }
  }
  return out;
}
