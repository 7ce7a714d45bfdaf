import { TableEnvironment, defaultLog } from 'sluice';

/** The in-process log topic that holds the benchmark's JSON bytes for the SQL job. */
export const SQL_BENCH_TOPIC = 'bench_sql_stock_data';

/**
 * Puts the benchmark's JSON bytes into a one-partition topic of the process's in-process log, once,
 * untimed: the SQL job reads them from there, as it would from Kafka. The Dataflow job reads the same
 * `Buffer` objects from a memory source, so both decode exactly the same bytes.
 *
 * @example
 * fillSqlTopic(await encodedTrades(1_000_000));
 */
export function fillSqlTopic(records: readonly Buffer[], topic = SQL_BENCH_TOPIC): void {
  const log = defaultLog();
  if (log.hasTopic(topic)) throw new Error(`topic '${topic}' already filled`);
  log.createTopic(topic, { partitions: 1 });
  const CHUNK = 65_536;
  for (let i = 0; i < records.length; i += CHUNK) {
    log.append(topic, 0, records.slice(i, i + CHUNK).map((value) => ({ value, timestamp: 0 })));
  }
}

/** The seed query in Flink SQL: the DDL of the input and output tables, and the INSERT that runs. */
export function seedQuerySql(topic: string): { ddl: string[]; insert: string } {
  return {
    ddl: [
      `CREATE TABLE stock_data (
         symbol STRING, shares INT, price DOUBLE, transaction_date TIMESTAMP(3),
         WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
       ) WITH ('connector' = 'sluice-log', 'topic' = '${topic}', 'format' = 'json',
               'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset')`,
      `CREATE TABLE windows_out (symbol STRING, window_start TIMESTAMP(3), total_shares BIGINT, avg_price DOUBLE)
       WITH ('connector' = 'blackhole')`,
    ],
    insert: `INSERT INTO windows_out
      SELECT symbol, TUMBLE_START(transaction_date, INTERVAL '1' HOUR) AS window_start,
             SUM(shares) AS total_shares, AVG(price) AS avg_price
      FROM stock_data
      GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)`,
  };
}

/**
 * The seed query through SQL, start to finish (a fresh TableEnvironment, DDL, planning, the job):
 * sluice-log topic of JSON bytes → json format → watermark 5 s → 1-hour tumbling SUM/AVG per symbol
 * → blackhole. Windows are the rows the blackhole sink received.
 *
 * @example
 * const { windows } = await runSql(SQL_BENCH_TOPIC);
 */
export async function runSql(topic = SQL_BENCH_TOPIC): Promise<{ windows: number; late: number; records: number }> {
  const tableEnv = TableEnvironment.create({ mode: 'streaming', runOptions: { handleSignals: false, checkpointInterval: 60_000 } });
  const { ddl, insert } = seedQuerySql(topic);
  for (const statement of ddl) await tableEnv.executeSql(statement).await();
  const result = await tableEnv.executeSql(insert).await();
  if (result === undefined) throw new Error('the INSERT did not start a job');
  return { windows: result.status.recordsOut, late: result.status.lateRecordsDropped, records: result.status.recordsIn };
}
