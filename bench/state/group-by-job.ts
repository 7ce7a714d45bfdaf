// One run of the state benchmark, in its own process (so peak RSS is this run's): an unbounded-style
// GROUP BY with COUNT, SUM and MAX over `keys` distinct bid ids, output discarded. Prints one JSON line.
//   node bench/state/group-by-job.ts <heap|lmdb> <keys> rate
//     every key once (a datagen sequence): the rate of building the state
//   node bench/state/group-by-job.ts <heap|lmdb> <keys> pauses <checkpoint dir> <updates per second> <seconds>
//     the keys, then random updates (about 1 % of the keys per 1 s checkpoint interval): every
//     checkpoint's pause, duration and size, from the job status
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableEnvironment, type JobHandle } from '../../src/index.ts';

const [backend = 'heap', keysText = '1000000', mode = 'rate', dirArg, rateText = '10000', secondsText = '10'] = process.argv.slice(2);
const keys = Number(keysText);
const checkpointDir = mode === "pauses" ? (dirArg || mkdtempSync(join(tmpdir(), 'sluice-state-bench-'))) : undefined;
const env = TableEnvironment.create({ runOptions: { handleSignals: false, ...(checkpointDir === undefined ? {} : { checkpointDir, checkpointInterval: 1_000 }) } });
env.executeSql(`SET 'state.backend.type' = '${backend}'`);
env.executeSql(`CREATE TABLE bids (id BIGINT, price INT) WITH ('connector' = 'datagen', 'number-of-rows' = '${keys}', 'rows-per-second' = '1000000000',
  'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${keys}', 'fields.price.min' = '1', 'fields.price.max' = '1000')`);
const updates = Number(rateText) * Number(secondsText);
env.executeSql(`CREATE TABLE updates (id BIGINT, price INT) WITH ('connector' = 'datagen', 'number-of-rows' = '${updates}', 'rows-per-second' = '${rateText}',
  'fields.id.min' = '1', 'fields.id.max' = '${keys}', 'fields.price.min' = '1', 'fields.price.max' = '1000')`);
env.executeSql(`CREATE TABLE sink (id BIGINT, n BIGINT, total BIGINT, top INT) WITH ('connector' = 'blackhole')`);
const input = mode === 'pauses' ? 'SELECT id, price FROM bids UNION ALL SELECT id, price FROM updates' : 'SELECT id, price FROM bids';
const began = performance.now();
const result = env.executeSql(`INSERT INTO sink SELECT id, COUNT(*), SUM(price), MAX(price) FROM (${input}) GROUP BY id`);
const handle = result.jobHandle as JobHandle;
const checkpoints = new Map<number, { pauseMs: number; durationMs: number; stateBytes: number; stateBases: number }>();
const watch = setInterval(() => {
  const last = handle.status().lastCheckpoint;
  if (last !== undefined) checkpoints.set(last.id, last);
}, 5);
const done = await handle.done;
clearInterval(watch);
const ms = performance.now() - began;
if (done.status.lastCheckpoint !== undefined) checkpoints.set(done.status.lastCheckpoint.id, done.status.lastCheckpoint);
const operator = done.status.stateOperators.find((o) => o.kind === 'group-aggregate');
const cpu = process.cpuUsage();
/** Bytes this process handed to write(2) (Linux), to see lmdb's write amplification. */
function writtenMiB(): number | undefined {
  try {
    const match = /^wchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
    return match === null ? undefined : Math.round(Number(match[1]) / 2 ** 20);
  } catch {
    return undefined;
  }
}
console.log(JSON.stringify({
  backend, keys, mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, writtenMiB: writtenMiB(), records: done.status.recordsIn, stateKeys: operator?.numRowsTotal,
  maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), checkpoints: [...checkpoints.values()],
}));
if (!dirArg && checkpointDir !== undefined) rmSync(checkpointDir, { recursive: true, force: true });
