import type { Row } from '../../core/row.ts';
import type { CheckpointInputs, Sink, SinkContext } from '../../connectors/spi.ts';
import type { MicroBatchOutput } from './micro-batch-output.ts';

/**
 * Where a streaming query's micro-batches go: a batch writer that sees each batch whole (console,
 * memory, foreachBatch, foreach), or a regular sink that gets the batch's rows and commits with the
 * checkpoint (kafka — exactly-once through the core's transactions — files, the in-process log).
 */
export type BatchTarget =
  | { readonly kind: 'batch'; readonly name: string; writeBatch(batchId: number, rows: Row[]): Promise<void> | void; close?(): Promise<void> | void }
  | { readonly kind: 'sink'; readonly sink: Sink<Row> };

/** What the sink tells its query: a batch ran (for progress), and how much input it had. */
export interface MicroBatchEvents {
  /** Records read since the previous batch ended (and resets the count). */
  takeInputCount(): number;
  onBatch(batchId: number, numOutputRows: number): void;
}

interface Prepared {
  readonly nextBatchId: number;
  readonly table?: Row[];
  readonly inner?: unknown;
}

/**
 * The sink of a DataFrame streaming query. A micro-batch is the span between two checkpoints (the
 * trigger sets the checkpoint interval; idle intervals take none): rows are gathered by the output
 * mode ({@link MicroBatchOutput}) and at the checkpoint written as batch N — before the checkpoint
 * completes, so a restarted query never loses a written batch, and a transactional target commits
 * the batch with the input positions that produced it. The batch id and complete mode's table are in
 * the checkpoint, so a restart continues the numbering.
 *
 * @example
 * const sink = new MicroBatchSink(new MicroBatchOutput('update', ['symbol']), consoleTarget, events);
 */
export class MicroBatchSink implements Sink<Row> {
  readonly name: string;
  readonly #output: MicroBatchOutput;
  readonly #target: BatchTarget;
  readonly #events: MicroBatchEvents;
  #nextBatchId = 0;
  #restoredId: number | undefined;

  constructor(output: MicroBatchOutput, target: BatchTarget, events: MicroBatchEvents) {
    this.#output = output;
    this.#target = target;
    this.#events = events;
    this.name = target.kind === 'batch' ? target.name : target.sink.name;
  }

  async open(ctx: SinkContext): Promise<void> {
    this.#restoredId = ctx.restoredCheckpointId;
    if (this.#target.kind === 'sink') await this.#target.sink.open(ctx);
  }

  write(values: Row[]): void {
    this.#output.add(values);
  }

  async prepareCommit(checkpointId: number, inputs?: CheckpointInputs): Promise<Prepared> {
    const input = this.#events.takeInputCount();
    if (input > 0 || this.#output.changed) {
      const rows = this.#output.finishBatch();
      const batchId = this.#nextBatchId++;
      if (this.#target.kind === 'batch') {
        await this.#target.writeBatch(batchId, rows);
      } else if (rows.length > 0) {
        const now = Date.now();
        await this.#target.sink.write(rows, rows.map(() => now));
      }
      this.#events.onBatch(batchId, rows.length);
    }
    const inner = this.#target.kind === 'sink' ? await this.#target.sink.prepareCommit(checkpointId, inputs) : undefined;
    const table = this.#output.snapshot();
    return { nextBatchId: this.#nextBatchId, ...(table === undefined ? {} : { table }), ...(inner === undefined ? {} : { inner }) };
  }

  async commit(checkpointId: number, prepared: unknown): Promise<void> {
    const state = prepared as Prepared | null | undefined;
    if (this.#restoredId !== undefined && checkpointId === this.#restoredId && state != null) {
      // The runner re-commits the checkpoint it restored: that is where the batch numbering resumes.
      this.#restoredId = undefined;
      this.#nextBatchId = state.nextBatchId;
      this.#output.restore(state.table);
    }
    if (this.#target.kind === 'sink') await this.#target.sink.commit(checkpointId, state?.inner);
  }

  async acceptsCheckpoint(checkpointId: number, prepared: unknown): Promise<boolean> {
    if (this.#target.kind !== 'sink' || this.#target.sink.acceptsCheckpoint === undefined) return true;
    return this.#target.sink.acceptsCheckpoint(checkpointId, (prepared as Prepared | null)?.inner);
  }

  async abort(): Promise<void> {
    if (this.#target.kind === 'sink') await this.#target.sink.abort();
  }

  async close(): Promise<void> {
    if (this.#target.kind === 'sink') await this.#target.sink.close();
    else await this.#target.close?.();
  }
}
