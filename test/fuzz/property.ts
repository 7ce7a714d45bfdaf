/**
 * Our small interface over fast-check (the property-based testing library): how many cases a fuzz
 * test runs, and the one outcome every fuzz target must have — a result, or a clear error.
 *
 * `npm test` runs each property a bounded number of times (FUZZ_RUNS unset: the default the test
 * names); `npm run fuzz` sets FUZZ_RUNS for a longer run. FUZZ_SEED replays a failure fast-check
 * reported (it prints the seed and the shrunk counterexample).
 *
 * A hang is caught where it can be: an awaited run that never settles fails after 20 s, and the test
 * itself has a time limit; a synchronous endless loop would stall its test file visibly, not pass.
 */
import fc from 'fast-check';
import { SluiceError } from '../../src/core/errors.ts';

export { fc };

/** A fuzz test's time limit: generous enough for `npm test`'s bounded runs, and for `npm run fuzz` (FUZZ_RUNS set) an hour. */
export const FUZZ_TIMEOUT_MS = process.env.FUZZ_RUNS === undefined ? 120_000 : 3_600_000;

/**
 * Checks `property` for `runs` generated inputs (or FUZZ_RUNS), shrinking a failure to a small one.
 *
 * @example
 * checkProperty(fc.string(), (text) => { outcomeOf(() => parseScript(text)); }, 200);
 */
export function checkProperty<T>(inputs: fc.Arbitrary<T>, property: (input: T) => void, runs: number): void {
  fc.assert(fc.property(inputs, property), runOptions(runs));
}

/**
 * {@link checkProperty} for a property that awaits (planning and running a query).
 *
 * @example
 * await checkAsyncProperty(fc.string(), async (sql) => { await outcomeOfAsync(() => run(sql)); }, 50);
 */
export async function checkAsyncProperty<T>(inputs: fc.Arbitrary<T>, property: (input: T) => Promise<void>, runs: number): Promise<void> {
  // A run still pending after 20 s (a job that never ends) fails the property with its input.
  await fc.assert(fc.asyncProperty(inputs, property), { ...runOptions(runs), timeout: 20_000 });
}

function runOptions(runs: number): { numRuns: number; seed?: number } {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  const seed = Number(process.env.FUZZ_SEED);
  return { numRuns: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : runs, ...(Number.isInteger(seed) ? { seed } : {}) };
}

/** {@link outcomeOf} for an action that awaits. @example await outcomeOfAsync(() => table.collect()) */
export async function outcomeOfAsync<T>(action: () => Promise<T>): Promise<{ result?: T; error?: SluiceError }> {
  try {
    return { result: await action() };
  } catch (error) {
    return outcomeOf(() => {
      throw error;
    });
  }
}

/**
 * Runs `action`: its result, or the error it threw when that error is one of the engine's clear
 * errors (a SluiceError with a message). Anything else — a TypeError, a stack overflow, a thrown
 * non-error — is an internal error and fails the property with the input that caused it.
 *
 * @example
 * const outcome = outcomeOf(() => parseScript('SELECT'));
 * if (outcome.error) console.log(outcome.error.message);
 */
export function outcomeOf<T>(action: () => T): { result?: T; error?: SluiceError } {
  try {
    return { result: action() };
  } catch (error) {
    if (error instanceof SluiceError && error.message.trim() !== '') return { error };
    throw new Error(`an internal error instead of a clear one: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, { cause: error });
  }
}

/**
 * Random edits of a valid text — delete, duplicate or replace a span, insert a fragment — so the
 * inputs stay close to what the code under test accepts and reach its deeper paths.
 *
 * @example
 * mutatedText(fc.constantFrom('SELECT a FROM t'), fc.constantFrom('(', "'", ','))
 */
export function mutatedText(valid: fc.Arbitrary<string>, fragments: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), kind: fc.constantFrom('delete', 'duplicate', 'replace', 'insert'), fragment: fragments });
  return fc.tuple(valid, fc.array(edit, { minLength: 1, maxLength: 4 })).map(([text, edits]) => {
    let out = text;
    for (const { at, length, kind, fragment } of edits) {
      const start = out.length === 0 ? 0 : at % out.length;
      const end = Math.min(out.length, start + length);
      if (kind === 'delete') out = out.slice(0, start) + out.slice(end);
      else if (kind === 'duplicate') out = out.slice(0, end) + out.slice(start, end) + out.slice(end);
      else if (kind === 'replace') out = out.slice(0, start) + fragment + out.slice(end);
      else out = out.slice(0, start) + fragment + out.slice(start);
    }
    return out;
  });
}
