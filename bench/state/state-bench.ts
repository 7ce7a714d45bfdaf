// `npm run bench -- state`: the GROUP BY of bench/state/group-by-job.ts on the heap and on lmdb, each
// run in a child process of its own (peak RSS per run), alternating the backends round by round.
//   BENCH_STATE_KEYS (default 1 000 000)   distinct keys
//   BENCH_STATE_ROUNDS (default 2)         rate runs per backend (median reported)
//   BENCH_STATE_SECONDS (default 10)       update phase of the pause runs: about 1 % of the keys per second
//   BENCH_STATE_BACKENDS (default heap,lmdb)
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HeapStateBackend } from '../../src/state/heap-backend.ts';
import { encodeCheckpoint } from '../../src/state/checkpoint-codec.ts';
import { median } from '../bench-stats.ts';

const JOB = join(dirname(fileURLToPath(import.meta.url)), 'group-by-job.ts');
const KEYS = Number(process.env.BENCH_STATE_KEYS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_STATE_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_STATE_SECONDS ?? 10);
const BACKENDS = (process.env.BENCH_STATE_BACKENDS ?? 'heap,lmdb').split(',');

interface RunResult {
  backend: string;
  ms: number;
  cpuMs: number;
  records: number;
  stateKeys: number;
  maxRssMiB: number;
  checkpoints: { id: number; pauseMs: number; durationMs: number; stateBytes: number; stateBases: number }[];
}

function runJob(args: string[]): RunResult {
  const out = execFileSync(process.execPath, [JOB, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The pause the heap backend made before incremental checkpoints: structuredClone of everything, then v8.serialize. */
function oldHeapPause(keys: number): number {
  const backend = new HeapStateBackend({ now: () => 0 });
  const groups = backend.valueState<{ acc: unknown[]; emitted: unknown[] }>('group-aggregate');
  for (let id = 1; id <= keys; id++) {
    backend.setCurrentKey(id);
    groups.update({ acc: [1, id % 1000, id % 1000], emitted: [1, id % 1000, id % 1000] });
  }
  const began = performance.now();
  encodeCheckpoint({ state: backend.snapshot() });
  return performance.now() - began;
}

export async function benchState(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`GROUP BY id with COUNT, SUM, MAX over ${KEYS.toLocaleString('en')} distinct ids; ${ROUNDS} rate rounds per backend, alternating`);
  const rates = new Map<string, number[]>(BACKENDS.map((b) => [b, []]));
  const rss = new Map<string, number[]>(BACKENDS.map((b) => [b, []]));
  const cpuRates = new Map<string, number[]>(BACKENDS.map((b) => [b, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const backend of BACKENDS) {
      const r = runJob([backend, String(KEYS), 'rate']);
      if (r.stateKeys !== KEYS || r.records !== KEYS) throw new Error(`${backend}: expected ${KEYS} keys and records, got ${r.stateKeys} keys of ${r.records} records`);
      rates.get(backend)!.push(KEYS / (r.ms / 1000));
      cpuRates.get(backend)!.push(KEYS / (r.cpuMs / 1000));
      rss.get(backend)!.push(r.maxRssMiB);
    }
  }
  for (const backend of BACKENDS) {
    console.log(`${backend.padEnd(4)} build rate: ${Math.round(median(rates.get(backend)!)).toLocaleString('en')} keys/s wall (runs: ${rates.get(backend)!.map((r) => Math.round(r)).join(', ')}), ${Math.round(median(cpuRates.get(backend)!)).toLocaleString('en')} keys per CPU-second, peak RSS ${Math.max(...rss.get(backend)!)} MiB`);
  }
  if (rates.has('heap') && rates.has('lmdb')) {
    console.log(`ratio lmdb / heap: ${(median(rates.get('lmdb')!) / median(rates.get('heap')!)).toFixed(2)} wall, ${(median(cpuRates.get('lmdb')!) / median(cpuRates.get('heap')!)).toFixed(2)} CPU (target >= 0.5)`);
    console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  }
  const perSecond = Math.max(1, Math.round(KEYS / 100));
  for (const backend of BACKENDS) {
    const r = runJob([backend, String(KEYS), 'pauses', '', String(perSecond), String(SECONDS)]);
    const pauses = r.checkpoints.map((c) => c.pauseMs);
    const steady = r.checkpoints.filter((c) => c.stateBases === 0).map((c) => c.pauseMs);
    const show = (values: number[]): string => values.length === 0 ? 'none' : `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length})`;
    console.log(`${backend.padEnd(4)} checkpoint pauses, all: ${show(pauses)}; increments only: ${show(steady)}`);
    const inc = r.checkpoints.filter((c) => c.stateBases === 0);
    if (inc.length > 0) {
      console.log(`${backend.padEnd(4)} increments: median ${(median(inc.map((c) => c.stateBytes)) / 2 ** 20).toFixed(1)} MiB written in a median ${median(inc.map((c) => c.durationMs))} ms; peak RSS ${r.maxRssMiB} MiB`);
    }
  }
  console.log(`heap pause before this change (structuredClone + v8.serialize of ${KEYS.toLocaleString('en')} groups): ${oldHeapPause(KEYS).toFixed(0)} ms`);
}
