import type { Sink } from '../connectors/spi.ts';

/**
 * One record as a test output received it: the value and its event timestamp (NaN if none).
 *
 * @example
 * driver.output<Total>('totals').readWithTimestamps(); // [{ value: { … }, timestamp: 59999 }]
 */
export interface TestRecord<T> {
  readonly value: T;
  readonly timestamp: number;
}

/**
 * The sink a TestDriver puts in place of each of the plan's outputs. It keeps every record the
 * moment it is written: the driver shows results as they are produced (as Kafka Streams'
 * TopologyTestDriver does), so the two-phase commit is a no-op here.
 *
 * @example
 * const sink = new CaptureSink('out');
 * sink.write(['a'], [999]);
 * sink.values; // ['a']
 */
export class CaptureSink implements Sink<unknown> {
  readonly name: string;
  readonly values: unknown[] = [];
  readonly times: number[] = [];

  constructor(name: string) {
    this.name = name;
  }

  open(): void {}

  write(values: unknown[], times: number[]): void {
    for (let i = 0; i < values.length; i++) {
      this.values.push(values[i]);
      this.times.push(times[i]);
    }
  }

  prepareCommit(): null {
    return null;
  }

  commit(): void {}
  abort(): void {}
  close(): void {}
}

/**
 * What a TestDriver output step received. `read()` returns what arrived since the previous read
 * (like consuming a topic); `readAll()` returns everything since the driver started.
 *
 * @example
 * driver.input<Trade>('trades').pipe(trade, 1_000);
 * driver.output<Alert>('alerts').read();    // the alerts caused by that trade
 * driver.output<Alert>('alerts').isEmpty(); // true: they were read
 */
export class TestOutput<T> {
  readonly name: string;
  readonly #sink: CaptureSink;
  #cursor = 0;

  constructor(name: string, sink: CaptureSink) {
    this.name = name;
    this.#sink = sink;
  }

  /** The values received since the last `read()` / `readWithTimestamps()`, which are then consumed. */
  read(): T[] {
    const values = this.#sink.values.slice(this.#cursor) as T[];
    this.#cursor = this.#sink.values.length;
    return values;
  }

  /** Like `read()`, with each value's event timestamp (window results carry `end - 1`). */
  readWithTimestamps(): TestRecord<T>[] {
    const { values, times } = this.#sink;
    const out: TestRecord<T>[] = [];
    for (let i = this.#cursor; i < values.length; i++) out.push({ value: values[i] as T, timestamp: times[i] });
    this.#cursor = values.length;
    return out;
  }

  /** Every value received since the driver started, read or not; consumes nothing. */
  readAll(): T[] {
    return this.#sink.values.slice() as T[];
  }

  /** True when nothing arrived since the last read. */
  isEmpty(): boolean {
    return this.#cursor >= this.#sink.values.length;
  }
}
