/**
 * Rewrites golden files from what the engine produces now — the only place that writes them;
 * `npm test` never runs it and no test writes a golden file.
 *
 *   npm run update-goldens                       → every golden file
 *   npm run update-goldens -- stock-pipeline     → test/golden/stock-pipeline-seed-42.txt
 *   npm run update-goldens -- late-rows cast     → those conformance cases (.expected, or .error for a failing script)
 *
 * A golden file states the intended semantics (Flink's, for the conformance cases), not whatever the
 * engine does today: review every changed line with `git diff`, and run the tests afterwards — their
 * independent checks (DuckDB, the reference computations, the hand-written loop) still have to agree.
 */
import { writeFileSync } from 'node:fs';
import { run } from '../src/index.ts';
import { closest } from '../src/connectors/table-options.ts';
import { stockPipeline } from '../examples/stock-pipeline.ts';
import { CASES_DIR, loadCases } from '../test/sql-conformance/case-files.ts';
import { caseError, goldenText, runCase } from '../test/sql-conformance/run-case.ts';

const STOCK_PIPELINE = 'stock-pipeline';
const STOCK_GOLDEN = new URL('../test/golden/stock-pipeline-seed-42.txt', import.meta.url);

async function updateStockPipeline(): Promise<void> {
  let text = '';
  // The same job, seed, size and batch size as test/examples/stock-pipeline.test.ts.
  await run(stockPipeline({ seed: 42, maxRecords: 200_000, out: { write: (chunk: string) => { text += chunk; } } }), {
    handleSignals: false,
    maxBatchSize: 4096,
  });
  writeFileSync(STOCK_GOLDEN, text);
  console.log(`wrote ${STOCK_GOLDEN.pathname}`);
}

async function updateCases(names: ReadonlySet<string> | undefined): Promise<void> {
  // Case scripts name their input files relative to cases/, as `sluice run` would from that folder.
  process.chdir(CASES_DIR);
  for (const c of loadCases()) {
    if (names !== undefined && !names.has(c.name)) continue;
    if (c.expected === undefined) {
      // A negative case (or a new one whose script fails) keeps the error it fails with.
      const error = await caseError(c);
      if (error !== undefined) {
        writeFileSync(c.errorPath, `${error}\n`);
        console.log(`wrote ${c.errorPath}`);
        continue;
      }
      if (c.error !== undefined) throw new Error(`${c.name}: the negative case now runs; delete ${c.errorPath} to make it positive`);
    }
    writeFileSync(c.expectedPath, goldenText(await runCase(c), c.order));
    console.log(`wrote ${c.expectedPath}`);
  }
}

const requested = process.argv.slice(2);
const known = new Set([STOCK_PIPELINE, ...loadCases().map((c) => c.name)]);
const unknown = requested.filter((name) => !known.has(name));
if (unknown.length > 0) {
  for (const name of unknown) {
    const near = closest(name, [...known]);
    console.error(`update-goldens: no golden file is called '${name}'${near === undefined ? '' : `; did you mean '${near}'?`}`);
  }
  console.error(`known: ${[...known].join(', ')}`);
  process.exit(2);
}
const all = requested.length === 0;
if (all || requested.includes(STOCK_PIPELINE)) await updateStockPipeline();
const cases = requested.filter((name) => name !== STOCK_PIPELINE);
if (all || cases.length > 0) await updateCases(all ? undefined : new Set(cases));
