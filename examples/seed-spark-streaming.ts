// The seed's PySpark Structured Streaming example, line for line in TypeScript:
// `npx node examples/seed-spark-streaming.ts` runs it embedded (the in-process log has Kafka's shape,
// so only `.format('kafka')` and the bootstrap servers change); pass `--kafka host:port` to read the
// seed's Kafka topic on a broker instead. The Python original:
//
//   spark = SparkSession.builder.appName("KafkaSparkStreaming").getOrCreate()
//   schema = StructType().add("symbol", StringType()).add("shares", IntegerType()) \
//       .add("price", DoubleType()).add("transaction_date", TimestampType())
//   df = spark.readStream.format("kafka").option("kafka.bootstrap.servers", "localhost:9092") \
//       .option("subscribe", "stock_topic").load()
//   json_df = df.select(from_json(col("value").cast("string"), schema).alias("data")).select("data.*")
//   agg_df = json_df.groupBy(window(col("transaction_date"), "1 hour"), col("symbol")) \
//       .agg({"shares": "sum", "price": "avg"})
//   query = agg_df.writeStream.outputMode("update").format("console").start()
//   query.awaitTermination()
import {
  SparkSession, StructType, StringType, IntegerType, DoubleType, TimestampType, col, fromJson, window, defaultLog,
  type StreamingQuery,
} from 'sluice';

/** Where the example reads: a Kafka broker, or the embedded log (default). */
export interface SeedSource {
  readonly bootstrapServers?: string;
  readonly topic?: string;
  /** Spark's startingOffsets (the seed uses the default, 'latest'). */
  readonly startingOffsets?: string;
  readonly spark?: SparkSession;
}

/** Starts the seed's query and returns it (the caller awaits its termination). */
export function seedSparkStreaming(source: SeedSource = {}): StreamingQuery {
  const spark = source.spark ?? SparkSession.builder().appName('KafkaSparkStreaming').getOrCreate();

  // Definição do esquema dos dados
  const schema = new StructType()
    .add('symbol', StringType)
    .add('shares', IntegerType)
    .add('price', DoubleType)
    .add('transaction_date', TimestampType);

  // Leitura dos dados do Kafka (or the embedded log)
  const df = spark.readStream
    .format(source.bootstrapServers === undefined ? 'sluice-log' : 'kafka')
    .option('kafka.bootstrap.servers', source.bootstrapServers ?? 'embedded')
    .option('subscribe', source.topic ?? 'stock_topic')
    .option('startingOffsets', source.startingOffsets ?? 'latest')
    .load();

  // Conversão dos dados de JSON e aplicação do esquema
  const jsonDf = df.select(fromJson(col('value').cast('string'), schema).alias('data')).select('data.*');

  // Agregação dos dados
  const aggDf = jsonDf.groupBy(window(col('transaction_date'), '1 hour'), col('symbol'))
    .agg({ shares: 'sum', price: 'avg' });

  // Escrita dos resultados no console
  return aggDf.writeStream.outputMode('update').format('console').start();
}

if (import.meta.main) {
  const kafka = process.argv.indexOf('--kafka');
  const bootstrapServers = kafka >= 0 ? process.argv[kafka + 1] : undefined;
  const query = seedSparkStreaming(bootstrapServers === undefined ? {} : { bootstrapServers });
  if (bootstrapServers === undefined) {
    // Not in the seed: some trades on the embedded topic (a producer's job on Kafka).
    const log = defaultLog();
    log.createTopic('stock_topic', { partitions: 1, ifNotExists: true });
    const trade = (symbol: string, shares: number, price: number, at: string) =>
      ({ key: symbol, value: JSON.stringify({ symbol, shares, price, transaction_date: `2024-01-02 ${at}` }) });
    setTimeout(() => log.produce('stock_topic', [trade('AAPL', 100, 187.5, '09:05:00'), trade('MSFT', 40, 370, '09:12:00'), trade('AAPL', 50, 188.1, '09:47:30')]), 500);
    setTimeout(() => log.produce('stock_topic', [trade('AAPL', 80, 189, '10:15:00'), trade('GOOG', 30, 140.25, '10:20:00')]), 1500);
    setTimeout(() => void query.stop(), 3000);
  }
  await query.awaitTermination();
}
