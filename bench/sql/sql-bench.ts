// `npm run bench -- sql`: the seed query through SQL next to the same job written with the Dataflow API,
// on the core benchmark's data (the same JSON Buffers), alternated round by round in one process.
import { cpus, totalmem } from 'node:os';
import { encodedTrades } from '../seed-query-data.ts';
import { runEngine } from '../seed-query-engine.ts';
import { fillSqlTopic, runSql } from './sql-seed-query.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const WARMUP_TOPIC = 'bench_sql_stock_data_warmup';

/**
 * Runs the SQL-vs-Dataflow benchmark and prints both rates and the ratio; fails when the two disagree
 * on the number of windows or of late records.
 *
 * @example
 * await benchSql(); // BENCH_RECORDS=1000000 BENCH_ROUNDS=5
 */
export async function benchSql(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`input: ${RECORDS} stock trades as JSON bytes; ${ROUNDS} rounds each, alternating (SQL first); median reported`);
  const records = await encodedTrades(RECORDS);
  const mb = records.reduce((n, r) => n + r.length, 0) / 1e6;
  // The SQL job reads the bytes from an in-process log topic; filled once, untimed.
  fillSqlTopic(records);
  const warm = records.slice(0, 100_000);
  fillSqlTopic(warm, WARMUP_TOPIC);
  await runSql(WARMUP_TOPIC);
  await runEngine(warm);
  const sql: number[] = [];
  const dataflow: number[] = [];
  let windows = 0;
  let late = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const s = await timed(() => runSql());
    const d = await timed(() => runEngine(records));
    sql.push(s.ms);
    dataflow.push(d.ms);
    if (s.result.records !== RECORDS) throw new Error(`the SQL job read ${s.result.records} records, expected ${RECORDS}`);
    if (s.result.windows !== d.result.windows || s.result.late !== d.result.late) {
      throw new Error(`SQL and Dataflow disagree: ${JSON.stringify(s.result)} vs ${JSON.stringify(d.result)}`);
    }
    windows = d.result.windows;
    late = d.result.late;
    console.log(`round ${round + 1}: SQL ${s.ms.toFixed(0)} ms, Dataflow ${d.ms.toFixed(0)} ms`);
  }
  const sqlRate = RECORDS / (median(sql) / 1000);
  const dataflowRate = RECORDS / (median(dataflow) / 1000);
  console.log(`results agree: ${windows} windows, ${late} late records dropped by both`);
  console.log(`SQL:      ${Math.round(sqlRate).toLocaleString('en')} records/s (${(mb / (median(sql) / 1000)).toFixed(1)} MB/s)`);
  console.log(`Dataflow: ${Math.round(dataflowRate).toLocaleString('en')} records/s (${(mb / (median(dataflow) / 1000)).toFixed(1)} MB/s)`);
  console.log(`ratio SQL / Dataflow: ${(sqlRate / dataflowRate).toFixed(2)} (target >= 0.90)`);
}
