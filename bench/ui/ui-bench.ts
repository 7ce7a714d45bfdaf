// `npm run bench -- ui`: what serving the REST API and /metrics costs a job. The seed query (as in the
// core benchmark) runs alternately without the server and with it while a client asks /metrics and
// /jobs/:id every 100 ms (ten times Prometheus's usual rate): the server shares the job's thread, so
// every request takes time from it. Prints both rates and the ratio.
import { cpus, totalmem } from 'node:os';
import type { JobHandle } from 'sluice';
import { median, timed } from '../bench-stats.ts';
import { encodedTrades } from '../seed-query-data.ts';
import { runEngine } from '../seed-query-engine.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCRAPE_EVERY_MS = 100;

/** Asks the job's API every SCRAPE_EVERY_MS until it ends, counting the requests answered. */
function scrapeWhileRunning(handle: JobHandle, counter: { requests: number }): void {
  void handle.ui!.then(async ({ url, jobId }) => {
    let running = true;
    handle.done.finally(() => { running = false; }).catch(() => undefined);
    while (running) {
      try {
        await (await fetch(`${url}/metrics`)).text();
        await (await fetch(`${url}/jobs/${jobId}`)).json();
        counter.requests += 2;
      } catch {
        return; // the job ended and the server closed
      }
      await new Promise((resolve) => setTimeout(resolve, SCRAPE_EVERY_MS));
    }
  });
}

/** Runs the benchmark and prints its figures. */
export async function benchUi(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`input: ${RECORDS} stock trades as JSON bytes; ${ROUNDS} rounds each, alternating; median reported`);
  const records = await encodedTrades(RECORDS);
  await runEngine(records.slice(0, 100_000));
  await runEngine(records.slice(0, 100_000), { ui: { port: 0 } });
  const plain: number[] = [];
  const served: number[] = [];
  const counter = { requests: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    const p = await timed(() => runEngine(records));
    const s = await timed(() => runEngine(records, { ui: { port: 0 } }, (handle) => scrapeWhileRunning(handle, counter)));
    if (p.result.windows !== s.result.windows || p.result.checksum !== s.result.checksum) throw new Error('the runs disagree');
    plain.push(p.ms);
    served.push(s.ms);
  }
  const plainRate = RECORDS / (median(plain) / 1000);
  const servedRate = RECORDS / (median(served) / 1000);
  console.log(`without the server: ${Math.round(plainRate).toLocaleString('en')} records/s`);
  console.log(`with --ui, /metrics and /jobs/:id asked every ${SCRAPE_EVERY_MS} ms: ${Math.round(servedRate).toLocaleString('en')} records/s (${counter.requests} requests answered over ${ROUNDS} runs)`);
  console.log(`ratio with / without: ${(servedRate / plainRate).toFixed(2)}`);
}
