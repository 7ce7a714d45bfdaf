import type { SourceSplit } from '../connectors/spi.ts';
import type { GraphSnapshot } from './job-graph.ts';
import type { SinkVertex } from './sink-vertex.ts';
import type { SourceVertex } from './source-vertex.ts';
import type { SplitWatermarkState } from './split-watermarks.ts';
import type { CheckpointStore } from '../state/checkpoint-storage.ts';

/**
 * What a job checkpoint holds and which one a restarting job takes: the data side of checkpointing,
 * apart from the runner's loop that decides when to take one.
 */

/** Where one split was and how far its watermark had come. */
export interface SavedSplit {
  readonly position: unknown;
  readonly watermark?: SplitWatermarkState;
}

/** Everything a checkpoint holds. */
export interface CheckpointData {
  readonly job: string;
  readonly id: number;
  readonly graph: GraphSnapshot;
  /** By source vertex id, then split id. */
  readonly sources: Record<string, Record<string, SavedSplit>>;
  /** Each sink's prepared commit, by sink vertex id. */
  readonly sinks: Record<string, unknown>;
}

/**
 * The newest checkpoint every sink accepts (see Sink.acceptsCheckpoint): normally the newest one;
 * an older one when a sink's commit of the newest never happened. Unreadable checkpoints are skipped
 * with a warning.
 *
 * @example
 * const data = await newestUsableCheckpoint(store, graph.sinks);
 */
export async function newestUsableCheckpoint(store: CheckpointStore | undefined, sinks: readonly SinkVertex[]): Promise<CheckpointData | undefined> {
  if (store === undefined) return undefined;
  const ids = (await store.list()).sort((a, b) => b - a);
  for (const id of ids) {
    let data: CheckpointData;
    try {
      data = (await store.read(id)) as CheckpointData;
    } catch (error) {
      console.warn(`sluice: skipping unreadable checkpoint ${id}: ${(error as Error).message}`);
      continue;
    }
    if (await acceptedByEverySink(id, data, sinks)) return data;
  }
  return undefined;
}

async function acceptedByEverySink(id: number, data: CheckpointData, sinks: readonly SinkVertex[]): Promise<boolean> {
  for (const vertex of sinks) {
    const check = vertex.sink.acceptsCheckpoint;
    if (check !== undefined && vertex.id in data.sinks && !(await check.call(vertex.sink, id, data.sinks[vertex.id]))) return false;
  }
  return true;
}

/**
 * Each read split's position and watermark, by source vertex and split, as a checkpoint stores them.
 *
 * @example
 * const sources = sourcePositions(readers);
 */
export function sourcePositions(readers: readonly { readonly vertex: SourceVertex; readonly split: SourceSplit; readonly position: unknown }[]): CheckpointData['sources'] {
  const out: Record<string, Record<string, SavedSplit>> = {};
  for (const active of readers) {
    const marks = active.vertex.watermarkState();
    out[active.vertex.id] ??= {};
    out[active.vertex.id][active.split.id] = { position: active.position, watermark: marks?.[active.split.id] };
  }
  return out;
}
