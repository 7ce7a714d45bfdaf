// A DataFrame query of a user's project: total shares and trade count per symbol, Spark style, over
// trades.json (written by the test). Prints the collected rows as JSON.
import { readFileSync } from 'node:fs';
import { IntegerType, SparkSession, StringType, StructType, col, functions as F } from 'sluice';

// A type alias, not an interface: a Row is a record of columns, and only an alias is assignable to it.
type Trade = { readonly symbol: string; readonly shares: number };

const trades = JSON.parse(readFileSync(new URL('./trades.json', import.meta.url), 'utf8')) as Trade[];
const spark = SparkSession.builder().appName('shares-per-symbol').getOrCreate();
const df = spark.createDataFrame([...trades], new StructType().add('symbol', StringType).add('shares', IntegerType));
const rows = await df
  .groupBy('symbol')
  .agg(F.sum(col('shares')).alias('total_shares'), F.count(col('shares')).alias('trades'))
  .orderBy('symbol')
  .collect();
console.log(JSON.stringify(rows, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value)));
