import { SluiceError } from '../core/errors.ts';
import type { Sink, Source } from '../connectors/spi.ts';
import type { LogicalPlan } from '../plan/nodes.ts';
import { ManualClock } from '../runtime/clock.ts';
import { JobGraph, type ConnectorResolver, type GraphSnapshot } from '../runtime/job-graph.ts';
import type { SplitWatermarkState } from '../runtime/split-watermarks.ts';
import type { StateBackend } from '../state/state-backend.ts';
import { CaptureSink, TestOutput } from './capture-sink.ts';
import { StateView } from './state-view.ts';
import { TEST_SPLIT, TestInput, type TestInputHost } from './test-input.ts';

/**
 * A Dataflow (anything with `plan()`) or a logical plan built by any API.
 *
 * @example
 * new TestDriver(flow);        // a Dataflow
 * new TestDriver(flow.plan()); // its plan
 */
export type TestableJob = LogicalPlan | { plan(): LogicalPlan };

/**
 * Options of {@link TestDriver}.
 *
 * @example
 * new TestDriver(flow, { startTime: Date.parse('2024-01-01T09:00:00Z') });
 */
export interface TestDriverOptions {
  /** Processing time the driver's clock starts at, epoch ms. Default 0 (a restore: the checkpoint's). */
  readonly startTime?: number;
  /**
   * For `restore`: drop the state of steps the job no longer has and start steps whose state changed
   * shape empty, as `--allow-non-restored-state` does. Default false: such a restore throws, naming them.
   */
  readonly allowNonRestoredState?: boolean;
}

/**
 * What `driver.checkpoint()` returns: structured-cloneable, as a real checkpoint must be.
 *
 * @example
 * const saved: TestDriverSnapshot = driver.checkpoint();
 * const copy = structuredClone(saved); // e.g. to keep it across test phases
 */
export interface TestDriverSnapshot {
  readonly format: typeof FORMAT;
  readonly graph: GraphSnapshot;
  /** Per input step (by uid): its split's watermark bookkeeping, its watermark, whether it ended. */
  readonly inputs: Record<string, InputSnapshot>;
  readonly processingTime: number;
}

interface InputSnapshot {
  readonly split: SplitWatermarkState | undefined;
  readonly watermark: number;
  readonly ended: boolean;
}

const FORMAT = 'sluice.test-driver/1';

/**
 * Runs a job synchronously in the test, with no broker, no files and no async loop — Kafka Streams'
 * TopologyTestDriver for Sluice. The job's real connectors are set aside: every input step becomes a
 * {@link TestInput} you pipe records into, every output step a {@link TestOutput} you read. Everything
 * between is the real runtime graph (operators, keyed state, timers, watermark propagation), driven
 * by a manual processing clock.
 *
 * @example
 * const flow = new Dataflow('clicks');
 * flow.input('clicks', memorySource<Click>([]), { watermark: { timestamp: (c) => c.ts, maxOutOfOrderness: 0 } })
 *   .keyBy((c) => c.user).window(tumbling('1 minute')).count('per-user')
 *   .output('counts', memorySink());
 * const driver = new TestDriver(flow);
 * driver.input<Click>('clicks').pipeAll([{ user: 'a', ts: 1_000 }, { user: 'a', ts: 61_000 }]);
 * driver.output('counts').read(); // [{ key: 'a', start: 0, end: 60000, value: 1, update: false }]
 * const saved = driver.checkpoint();
 * const resumed = TestDriver.restore(flow, saved); // as after a crash: state, timers, watermarks back
 * resumed.endOfInput();
 * resumed.output('counts').read(); // [{ key: 'a', start: 60000, end: 120000, value: 1, update: false }]
 */
export class TestDriver {
  readonly plan: LogicalPlan;
  readonly #clock: ManualClock;
  readonly #graph: JobGraph;
  readonly #sinks = new Map<string, CaptureSink>();
  readonly #inputs = new Map<string, TestInput<unknown>>();
  readonly #outputs = new Map<string, TestOutput<unknown>>();
  readonly #views = new Map<string, StateView>();
  readonly #host: TestInputHost;

  constructor(job: TestableJob, options: TestDriverOptions = {}) {
    this.plan = 'sinks' in job ? job : job.plan();
    this.#clock = new ManualClock(options.startTime ?? 0);
    this.#graph = new JobGraph(this.plan, this.#clock, this.#resolver());
    this.#host = { now: () => this.#clock.now(), beforeInput: () => this.#releaseViews() };
    this.#graph.open();
    for (const vertex of this.#graph.sources) {
      vertex.addSplit(TEST_SPLIT, this.#clock.now());
      this.#inputs.set(vertex.id, new TestInput(vertex.id, vertex, this.#host));
    }
  }

  /**
   * A new driver for the same job, restored from `driver.checkpoint()`: operator state, timers,
   * metrics and watermarks as they were, outputs empty. Dropping the old driver and restoring is a
   * crash and restart; pipe the input that came after the checkpoint again to replay it.
   *
   * @example
   * const saved = driver.checkpoint();
   * const restarted = TestDriver.restore(flow, saved);
   */
  static restore(job: TestableJob, snapshot: TestDriverSnapshot, options: TestDriverOptions = {}): TestDriver {
    if (snapshot?.format !== FORMAT) throw new SluiceError('not a TestDriver checkpoint (take one with driver.checkpoint())');
    const saved = structuredClone(snapshot);
    const driver = new TestDriver(job, { startTime: options.startTime ?? saved.processingTime });
    driver.#graph.restore(saved.graph, { allowNonRestoredState: options.allowNonRestoredState });
    for (const vertex of driver.#graph.sources) {
      // By uid, as a job's checkpoint files its sources; an input new in the job starts afresh.
      const input = saved.inputs[driver.#graph.uidOf(vertex.id)];
      if (input === undefined) continue;
      vertex.addSplit(TEST_SPLIT, driver.#clock.now(), input.split);
      vertex.restoreWatermark(input.watermark);
      driver.#inputs.set(vertex.id, new TestInput(vertex.id, vertex, driver.#host, input.ended));
    }
    return driver;
  }

  /**
   * Runs the operators' asynchronous start-up work (Operator.prepare: a lookup join loading its
   * static table), as a job does before reading input. Await it before piping input into a job that
   * has such an operator; jobs without one need not call it.
   *
   * @example
   * const driver = new TestDriver(flow);
   * await driver.prepare();
   */
  async prepare(): Promise<void> {
    await this.#graph.prepare();
  }

  /** The input step named `name` (the name given to `flow.input`). */
  input<T>(name: string): TestInput<T> {
    const input = this.#inputs.get(name);
    if (input === undefined) throw unknownStep('input', name, [...this.#inputs.keys()]);
    return input as TestInput<T>;
  }

  /** The output step named `name` (the name given to `.output`). */
  output<T>(name: string): TestOutput<T> {
    let output = this.#outputs.get(name);
    if (output === undefined) {
      const sink = this.#sinks.get(name);
      if (sink === undefined) throw unknownStep('output', name, [...this.#sinks.keys()]);
      output = new TestOutput(name, sink);
      this.#outputs.set(name, output);
    }
    return output as TestOutput<T>;
  }

  /** Processing time now. */
  get processingTime(): number {
    return this.#clock.now();
  }

  /**
   * Moves processing time forward by `millis`. Processing-time timers and windows fire at their own
   * due times along the way, in order; idle inputs stop holding the watermark back.
   *
   * @example
   * driver.advanceProcessingTime(60_000); // a processing-time minute passes
   */
  advanceProcessingTime(millis: number): void {
    if (!(millis >= 0)) throw new SluiceError(`processing time only moves forward; got ${millis} ms`);
    this.setProcessingTime(this.#clock.now() + millis);
  }

  /** Moves processing time to `time` (epoch ms, not before now); see {@link advanceProcessingTime}. */
  setProcessingTime(time: number): void {
    if (time < this.#clock.now()) throw new SluiceError(`processing time only moves forward: it is ${this.#clock.now()}, asked for ${time}`);
    this.#releaseViews();
    let next = this.#graph.nextProcessingTime();
    while (next < time && next > this.#clock.now()) {
      this.#clock.set(next);
      this.#graph.tick(next);
      next = this.#graph.nextProcessingTime();
    }
    this.#clock.set(time);
    this.#graph.tick(time);
  }

  /**
   * Ends every input, as when all bounded sources are drained: event time ends, every remaining
   * window fires, and operators flush what they hold (a real job's batch-mode ending).
   */
  endOfInput(): void {
    this.#releaseViews();
    for (const input of this.#inputs.values()) input.markEnded();
    this.#graph.finish();
  }

  /**
   * A checkpoint of the whole job as it stands: operator state, timers, metrics, watermarks and the
   * inputs' watermark bookkeeping. It is a deep copy: the driver can go on without changing it.
   * As in a running job, operators first prepare for it (early-firing windows emit their changes).
   *
   * @example
   * const saved = driver.checkpoint();
   * const other = TestDriver.restore(flow, saved);
   */
  checkpoint(): TestDriverSnapshot {
    this.#releaseViews();
    this.#graph.prepareCheckpoint();
    const inputs: Record<string, InputSnapshot> = {};
    for (const vertex of this.#graph.sources) {
      inputs[this.#graph.uidOf(vertex.id)] = {
        split: vertex.watermarkState()?.[TEST_SPLIT],
        watermark: vertex.watermark,
        ended: this.#inputs.get(vertex.id)!.ended,
      };
    }
    // structuredClone: a checkpoint must be cloneable, and later changes must not leak into it.
    return structuredClone({ format: FORMAT, graph: this.#graph.snapshot(), inputs, processingTime: this.#clock.now() });
  }

  /**
   * The keyed state of operator step `name`. Select a key, then read the named states the operator
   * uses (a statefulMap keeps its state in value state 'state').
   *
   * @example
   * const state = driver.state('running-count');
   * state.setCurrentKey('AAPL');
   * state.valueState<number>('state').value(); // 3
   */
  state(name: string): StateBackend {
    let view = this.#views.get(name);
    if (view === undefined) {
      const vertex = this.#graph.operators.find((v) => v.id === name);
      if (vertex === undefined) throw unknownStep('operator', name, this.#graph.operators.map((v) => v.id));
      view = new StateView(vertex.stateBackend(), name);
      this.#views.set(name, view);
    }
    return view;
  }

  /**
   * A metric summed over all operators, or of one operator step.
   *
   * @example
   * driver.metric('lateRecordsDropped'); // 2
   */
  metric(name: string, step?: string): number {
    if (step === undefined) return this.#graph.metric(name);
    const vertex = this.#graph.operators.find((v) => v.id === step);
    if (vertex === undefined) throw unknownStep('operator', step, this.#graph.operators.map((v) => v.id));
    return vertex.metrics.get(name);
  }

  /** The current watermark of step `name` (an input, operator or output). */
  watermark(name: string): number {
    const vertex = this.#graph.vertex(name);
    if (vertex === undefined) throw new SluiceError(`no step '${name}' in job '${this.plan.name}' (key-by and side-output steps have no watermark of their own)`);
    return vertex.watermark;
  }

  /** Closes the operators. */
  close(): void {
    this.#graph.close();
  }

  /** Sources become test inputs (never polled), sinks capture what they receive. */
  #resolver(): ConnectorResolver {
    const sinks = this.#sinks;
    return {
      source(_connector, nodeId): Source<unknown> {
        return {
          name: `test-input:${nodeId}`,
          bounded: false,
          splits: () => [{ id: TEST_SPLIT }],
          createReader() {
            throw new SluiceError(`test input '${nodeId}' is fed with driver.input('${nodeId}').pipe(…), never polled`);
          },
        };
      },
      sink(_connector, nodeId): Sink<unknown> {
        const sink = new CaptureSink(nodeId);
        sinks.set(nodeId, sink);
        return sink;
      },
    };
  }

  #releaseViews(): void {
    for (const view of this.#views.values()) view.release();
  }
}

function unknownStep(kind: string, name: string, known: string[]): SluiceError {
  return new SluiceError(`no ${kind} step '${name}'; the job's ${kind} steps are: ${known.join(', ') || '(none)'}`);
}
