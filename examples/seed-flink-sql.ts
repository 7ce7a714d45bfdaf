// The seed's PyFlink example (TableEnvironment + Flink SQL), line for line in TypeScript:
// `npx node examples/seed-flink-sql.ts`. The SQL is the seed's; the table lives on the in-process log
// ('sluice-log') instead of a Kafka broker — see examples/seed-flink-sql.sql for the seed's Kafka table
// and what differs — and a few trades are written to it first, since nothing else produces them here.
import { EnvironmentSettings, TableEnvironment, type Row } from 'sluice';

/** Runs the example and returns the rows PyFlink's `to_pandas(result).head()` would show. */
export async function seedFlinkSql(): Promise<Row[]> {
  // Configuração do ambiente
  const envSettings = EnvironmentSettings.inStreamingMode();
  const tableEnv = TableEnvironment.create(envSettings);

  // Definição da tabela Kafka Source (here on the in-process log)
  tableEnv.executeSql(`
CREATE TABLE stock_data (
    symbol STRING,
    shares INT,
    price DOUBLE,
    transaction_date TIMESTAMP(3),
    WATERMARK FOR transaction_date AS transaction_date - INTERVAL '5' SECOND
) WITH (
    'connector' = 'sluice-log',
    'topic' = 'stock_topic_ts',
    'format' = 'json',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'sink.partitions' = '1'
)
`);

  // Not in the seed: some trades on the topic (a producer's job there)
  await tableEnv.executeSql(`
INSERT INTO stock_data VALUES
    ('AAPL', 100, 187.50, TIMESTAMP '2024-01-02 09:05:00'),
    ('MSFT',  40, 370.00, TIMESTAMP '2024-01-02 09:12:00'),
    ('AAPL',  50, 188.10, TIMESTAMP '2024-01-02 09:47:30'),
    ('AAPL',  25, 187.90, TIMESTAMP '2024-01-02 09:47:27'),
    ('MSFT',  60, 371.50, TIMESTAMP '2024-01-02 10:02:00'),
    ('AAPL',  80, 189.00, TIMESTAMP '2024-01-02 10:15:00'),
    ('GOOG',  30, 140.25, TIMESTAMP '2024-01-02 10:20:00'),
    ('MSFT',  10, 372.00, TIMESTAMP '2024-01-02 10:59:58')
`).await();

  // Consulta SQL para agregação por janela de 1 hora
  const result = tableEnv.sqlQuery(`
SELECT
    symbol,
    TUMBLE_START(transaction_date, INTERVAL '1' HOUR) as window_start,
    SUM(shares) as total_shares,
    AVG(price) as avg_price
FROM stock_data
GROUP BY symbol, TUMBLE(transaction_date, INTERVAL '1' HOUR)
`);

  // Impressão do resultado (para fins de exemplo local): table_env.to_pandas(result).head()
  return (await result.toArray()).slice(0, 5);
}

if (import.meta.main) console.table(await seedFlinkSql());
