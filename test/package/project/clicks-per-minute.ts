// A small Dataflow job of a user's project: clicks per user per one-minute tumbling window, run twice —
// by the runtime (`run` into a memory sink) and by the test kit (`TestDriver` from 'sluice/testing').
// Prints both results as JSON; the input is clicks.json, which the test writes.
import { readFileSync } from 'node:fs';
import { Dataflow, memorySink, memorySource, run, tumbling, type WindowResult } from 'sluice';
import { TestDriver } from 'sluice/testing';

interface Click {
  readonly user: string;
  readonly time: number;
}

type Count = WindowResult<string, number>;

function clicksPerMinute(clicks: readonly Click[], sink: ReturnType<typeof memorySink<Count>>): Dataflow {
  const flow = new Dataflow('clicks-per-minute');
  flow
    .input('clicks', memorySource(clicks), { watermark: { timestamp: (c) => c.time, maxOutOfOrderness: 0 } })
    .keyBy((c) => c.user)
    .window(tumbling('1 minute'))
    .count('clicks-per-window')
    .output('counts', sink);
  return flow;
}

const clicks = JSON.parse(readFileSync(new URL('./clicks.json', import.meta.url), 'utf8')) as Click[];

const runSink = memorySink<Count>();
await run(clicksPerMinute(clicks, runSink));

const driver = new TestDriver(clicksPerMinute([], memorySink<Count>()));
driver.input<Click>('clicks').pipeAll(clicks);
driver.endOfInput();
const driven = driver.output<Count>('counts').readAll();
driver.close();

const plain = (results: readonly Count[]) => results.map(({ key, start, value }) => ({ user: key, start, clicks: value }));
console.log(JSON.stringify({ run: plain(runSink.values), testDriver: plain(driven) }));
