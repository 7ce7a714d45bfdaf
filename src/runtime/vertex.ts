import type { Batch } from '../core/batch.ts';
import { MIN_WATERMARK } from '../core/batch.ts';

/** Where a vertex's output goes: a downstream vertex and which of its inputs this is. */
export interface Edge {
  readonly target: Vertex;
  readonly input: number;
}

/**
 * A node of the running graph. Batches are pushed synchronously from vertex to vertex, which fuses
 * a chain of operators into nested calls with no queue between them.
 *
 * Watermarks: a vertex tracks one watermark per input and its own as the minimum over the inputs
 * that are not idle; when that rises it handles the watermark (`handleWatermark`) and only then
 * forwards it on every output, so results fired by a watermark travel ahead of it.
 */
export abstract class Vertex {
  readonly id: string;
  readonly kind: string;
  readonly mainOutputs: Edge[] = [];
  readonly sideOutputs = new Map<string, Edge[]>();
  recordsIn = 0;
  recordsOut = 0;
  /** How many times this vertex's watermark rose (the runner's test for an idle checkpoint interval). */
  watermarkAdvances = 0;
  private inputWatermarks: number[] = [];
  private inputIdle: boolean[] = [];
  private currentWatermark = MIN_WATERMARK;
  private idle = false;

  constructor(id: string, kind: string) {
    this.id = id;
    this.kind = kind;
  }

  /** Called once per upstream edge while the graph is built. */
  addInput(): number {
    this.inputWatermarks.push(MIN_WATERMARK);
    this.inputIdle.push(false);
    return this.inputWatermarks.length - 1;
  }

  get watermark(): number {
    return this.currentWatermark;
  }

  abstract receive(batch: Batch<unknown>, input: number): void;

  /** How far the watermark this vertex forwards trails its own (see Operator.outputWatermarkLag). */
  protected outputWatermarkLag(): number {
    return 0;
  }

  /** Handles a watermark rise before it is forwarded; operators fire windows and timers here. */
  protected handleWatermark(_watermark: number): void {}

  receiveWatermark(input: number, watermark: number): void {
    this.inputWatermarks[input] = watermark;
    this.inputIdle[input] = false;
    this.recomputeWatermark();
  }

  /** An input stopped (or resumed) producing: idle inputs do not hold the watermark back. */
  receiveIdle(input: number, idle: boolean): void {
    if (this.inputIdle[input] === idle) return;
    this.inputIdle[input] = idle;
    const allIdle = this.inputIdle.every(Boolean);
    if (allIdle !== this.idle) {
      this.idle = allIdle;
      for (const edge of this.allEdges()) edge.target.receiveIdle(edge.input, allIdle);
    }
    if (!idle) return;
    this.recomputeWatermark();
  }

  /** Sets the watermark directly (sources, mid-stream watermark assigners). */
  protected advanceWatermark(watermark: number): void {
    if (!(watermark > this.currentWatermark)) return;
    this.currentWatermark = watermark;
    this.watermarkAdvances++;
    this.handleWatermark(watermark);
    const forwarded = watermark - this.outputWatermarkLag();
    for (const edge of this.allEdges()) edge.target.receiveWatermark(edge.input, forwarded);
  }

  /** The watermark of each input, in input order (a checkpoint keeps them: see `restoreWatermark`). */
  inputWatermarksNow(): number[] {
    return [...this.inputWatermarks];
  }

  /**
   * Restores the watermark from a checkpoint without firing anything (state was restored as of it).
   * With the inputs' watermarks as they were (a multi-input vertex: a join, a union), each input
   * starts where it was, so an input that was ahead does not have to send a new watermark before the
   * vertex's own can rise again; without them (an older checkpoint) every input starts at `watermark`.
   */
  restoreWatermark(watermark: number, inputs?: readonly number[]): void {
    this.currentWatermark = watermark;
    if (inputs !== undefined && inputs.length === this.inputWatermarks.length) {
      for (let i = 0; i < inputs.length; i++) this.inputWatermarks[i] = Math.max(inputs[i], watermark);
    } else {
      this.inputWatermarks.fill(watermark);
    }
  }

  protected emit(batch: Batch<unknown>): void {
    if (batch.values.length === 0) return;
    this.recordsOut += batch.values.length;
    const edges = this.mainOutputs;
    for (let i = 0; i < edges.length; i++) edges[i].target.receive(batch, edges[i].input);
  }

  protected emitSide(tag: string, batch: Batch<unknown>): void {
    const edges = this.sideOutputs.get(tag);
    if (edges === undefined || batch.values.length === 0) return;
    for (let i = 0; i < edges.length; i++) edges[i].target.receive(batch, edges[i].input);
  }

  protected hasSideOutput(tag: string): boolean {
    return this.sideOutputs.has(tag);
  }

  private recomputeWatermark(): void {
    let min = Number.POSITIVE_INFINITY;
    let anyActive = false;
    for (let i = 0; i < this.inputWatermarks.length; i++) {
      if (this.inputIdle[i]) continue;
      anyActive = true;
      if (this.inputWatermarks[i] < min) min = this.inputWatermarks[i];
    }
    if (anyActive) this.advanceWatermark(min);
  }

  private *allEdges(): Generator<Edge> {
    yield* this.mainOutputs;
    for (const edges of this.sideOutputs.values()) yield* edges;
  }
}
