// Type-checked (never run) against the shipped .d.ts: the package's types are real types, not `any`.
// Each @ts-expect-error line must be an error, or tsc reports the directive as unused and fails.
import { Dataflow, EnvironmentSettings, TableEnvironment, memorySink, memorySource, type Stream } from 'sluice';
import { TestDriver } from 'sluice/testing';

const flow = new Dataflow('typed');
const lengths: Stream<number> = flow.input('words', memorySource(['a', 'bb'])).map((word) => word.length);
lengths.output('out', memorySink<number>());

// @ts-expect-error a Stream<number> does not map to a Stream<string> by itself
const wrong: Stream<string> = lengths;

// @ts-expect-error map's function receives the stream's element type: a number has no toUpperCase
lengths.map((n) => n.toUpperCase());

// @ts-expect-error a number is not a job
new TestDriver(42);

const tableEnv = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
// @ts-expect-error executeSql takes SQL text
tableEnv.executeSql(42);

export { flow, wrong };
