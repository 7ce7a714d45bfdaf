// The test kit: a TestDriver for whole jobs (Kafka Streams' TopologyTestDriver) and an operator
// harness for one operator (Flink's), both synchronous and without a broker.
export { TestDriver, type TestDriverOptions, type TestDriverSnapshot, type TestableJob } from './test-driver.ts';
export { TestInput } from './test-input.ts';
export { TestOutput, type TestRecord } from './capture-sink.ts';
export { OperatorHarness, type OperatorHarnessOptions, type HarnessSnapshot, type TimedValue } from './operator-harness.ts';
