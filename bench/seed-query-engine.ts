import { Dataflow, aggregates, avg, blackholeSink, memorySource, start, sum, tumbling, type JobHandle, type RunOptions } from 'sluice';

interface Trade { symbol: string; shares: number; price: number; transaction_date: number }

/**
 * The seed query through the engine: in-process source of JSON bytes → parse → per-partition
 * watermark (5 s) → key by symbol → 1-hour tumbling SUM/AVG → blackhole. `options` add run options
 * (the ui benchmark serves the REST API); `whileRunning` gets the handle as the job starts.
 */
export async function runEngine(records: Buffer[], options: RunOptions = {}, whileRunning?: (handle: JobHandle) => void): Promise<{ windows: number; checksum: number; late: number }> {
  const flow = new Dataflow('bench-seed-query');
  const sink = blackholeSink<{ key: string; value: { shares: number; price: number } }>();
  let checksum = 0;
  flow
    .input('trades', memorySource(records))
    .map((bytes) => JSON.parse(bytes.toString('utf8')) as Trade)
    .withWatermarks({ timestamp: (t) => t.transaction_date, maxOutOfOrderness: 5_000 })
    .keyBy((t) => t.symbol)
    .window(tumbling('1 hour'))
    .aggregate(aggregates({ shares: sum((t: Trade) => t.shares), price: avg((t: Trade) => t.price) }))
    .inspect((r) => { checksum += (r.value.shares ?? 0) + (r.value.price ?? 0); })
    .output('blackhole', sink);
  const handle = start(flow, { handleSignals: false, checkpointInterval: 60_000, ...options });
  whileRunning?.(handle);
  const result = await handle.done;
  return { windows: sink.count, checksum, late: result.status.lateRecordsDropped };
}
