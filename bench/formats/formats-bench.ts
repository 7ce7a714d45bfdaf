// `npm run bench -- formats`: decode → filter → encode of the same rows as JSON and as Avro, through
// the formats a SQL Kafka table uses (tableFormat: bytes → typed row → bytes), one core, alternating
// the two round by round. Both must keep the same rows. Avro-confluent adds five header bytes and a
// cached schema lookup per record to Avro's work; it is not timed separately here.
import { cpus, totalmem } from 'node:os';
import { DataTypes, notNull } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { tableFormat } from '../../src/connectors/table-formats.ts';
import { median, timed } from '../bench-stats.ts';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 500_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const TYPE = DataTypes.ROW([
  { name: 'symbol', type: notNull(DataTypes.STRING()) },
  { name: 'shares', type: notNull(DataTypes.INT()) },
  { name: 'price', type: notNull(DataTypes.DOUBLE()) },
  { name: 'transaction_value', type: notNull(DataTypes.DOUBLE()) },
  { name: 'transaction_date', type: notNull(DataTypes.TIMESTAMP(3)) },
]);

function trades(n: number): Row[] {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const symbols = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'META', 'NVDA'];
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const shares = 1 + Math.floor(random() * 200);
    const price = Math.round(random() * 50_000) / 100;
    rows.push({ symbol: symbols[i % symbols.length], shares, price, transaction_value: Math.round(shares * price * 100) / 100, transaction_date: 1704103200000 + i * 37 });
  }
  return rows;
}

function pipeline(name: 'json' | 'avro', records: readonly Uint8Array[]): { kept: number; bytes: number; checksum: number } {
  const format = tableFormat({ format: name }, 'format', TYPE);
  const origin = { source: 'bench', partition: 0, offset: 0 };
  let kept = 0;
  let bytes = 0;
  let checksum = 0;
  for (let i = 0; i < records.length; i++) {
    const row = format.decode(records[i], origin);
    if ((row['transaction_value'] as number) <= 10_000) continue;
    const out = format.encode(row);
    kept++;
    bytes += out.length;
    checksum += row['shares'] as number;
  }
  return { kept, bytes, checksum };
}

/** Runs the formats benchmark and prints rates and the ratio. */
export async function benchFormats(): Promise<void> {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  const rows = trades(RECORDS);
  const json = tableFormat({ format: 'json' }, 'format', TYPE);
  const avro = tableFormat({ format: 'avro' }, 'format', TYPE);
  const jsonRecords = rows.map((r) => { const e = json.encode(r); return typeof e === 'string' ? Buffer.from(e) : e; });
  const avroRecords = rows.map((r) => avro.encode(r) as Uint8Array);
  const size = (records: readonly Uint8Array[]) => records.reduce((n, r) => n + r.length, 0) / records.length;
  console.log(`input: ${RECORDS} stock trades; JSON ${size(jsonRecords).toFixed(1)} bytes/record, Avro ${size(avroRecords).toFixed(1)} bytes/record; ${ROUNDS} rounds each, alternating; median`);
  pipeline('json', jsonRecords.slice(0, 50_000));
  pipeline('avro', avroRecords.slice(0, 50_000));
  const jsonMs: number[] = [];
  const avroMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const j = await timed(() => pipeline('json', jsonRecords));
    const a = await timed(() => pipeline('avro', avroRecords));
    jsonMs.push(j.ms);
    avroMs.push(a.ms);
    if (j.result.kept !== a.result.kept || j.result.checksum !== a.result.checksum) {
      throw new Error(`json and avro disagree: ${JSON.stringify(j.result)} vs ${JSON.stringify(a.result)}`);
    }
    if (round === 0) console.log(`both keep ${j.result.kept} records (transaction_value > 10000)`);
  }
  const jsonRate = RECORDS / (median(jsonMs) / 1000);
  const avroRate = RECORDS / (median(avroMs) / 1000);
  console.log(`json: ${Math.round(jsonRate).toLocaleString('en')} records/s`);
  console.log(`avro: ${Math.round(avroRate).toLocaleString('en')} records/s`);
  console.log(`ratio avro / json: ${(avroRate / jsonRate).toFixed(2)}`);
}
