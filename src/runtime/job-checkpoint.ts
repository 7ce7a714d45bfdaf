import { SluiceError } from '../core/errors.ts';
import type { SourceSplit } from '../connectors/spi.ts';
import type { GraphSnapshot } from './job-graph.ts';
import type { SinkVertex } from './sink-vertex.ts';
import type { SourceVertex } from './source-vertex.ts';
import type { SplitWatermarkState } from './split-watermarks.ts';
import type { CheckpointStore } from '../state/checkpoint-storage.ts';
import type { StateInfo } from '../state/state-backend.ts';

/**
 * What a job checkpoint holds and which one a restarting job takes: the data side of checkpointing,
 * apart from the runner's loop that decides when to take one.
 */

/** Where one split was and how far its watermark had come. */
export interface SavedSplit {
  readonly position: unknown;
  readonly watermark?: SplitWatermarkState;
}

/** How far a local checkpoint covers an operator's changelog. */
export interface CoveredChangelog {
  readonly topic: string;
  readonly offset: number;
  readonly states: readonly StateInfo[];
}

/** Everything a checkpoint holds. */
export interface CheckpointData {
  readonly job: string;
  readonly id: number;
  readonly graph: GraphSnapshot;
  /** By source uid (plan/operator-uids.ts), then split id. */
  readonly sources: Record<string, Record<string, SavedSplit>>;
  /** Each sink's prepared commit, by sink uid. */
  readonly sinks: Record<string, unknown>;
  /**
   * With a changelog (JobOptions.changelog), by operator uid: the offset of its changelog partition
   * that this checkpoint's state covers (a restore reads the changelog from there: the tail) and the
   * changelog's numbering of its states.
   */
  readonly changelog?: Record<string, CoveredChangelog>;
}

/**
 * The newest checkpoint every sink accepts (see Sink.acceptsCheckpoint): normally the newest one;
 * an older one only when a sink's commit of the newer never happened (an exactly-once Kafka
 * transaction the broker aborted), since restoring it would resume from output nobody saw.
 *
 * A checkpoint that cannot be read fails the restore, naming its file: falling back to an older one
 * would replay input whose output an exactly-once sink already committed (duplicates downstream).
 *
 * @example
 * const data = await newestUsableCheckpoint(store, graph.sinks, (id) => graph.uidOf(id));
 */
export async function newestUsableCheckpoint(
  store: CheckpointStore | undefined,
  sinks: readonly SinkVertex[],
  uidOf: (vertexId: string) => string,
): Promise<CheckpointData | undefined> {
  if (store === undefined) return undefined;
  const ids = (await store.list()).sort((a, b) => b - a);
  for (const id of ids) {
    let data: CheckpointData;
    try {
      data = (await store.read(id)) as CheckpointData;
    } catch (error) {
      throw new SluiceError(
        `cannot restore: ${(error as Error).message}. Restoring an older checkpoint instead would re-emit output ` +
          'that sinks may already have committed; repair or remove the file to continue from an older checkpoint ' +
          '(or remove the checkpoint directory to start afresh)',
        { cause: error },
      );
    }
    if (await acceptedByEverySink(id, data, sinks, uidOf)) return data;
  }
  return undefined;
}

/**
 * The checkpoint's graph snapshot with its sinks added as steps: a sink whose prepared commit is not
 * empty holds output the restore must commit again, so a job that no longer has that sink would lose
 * it — the restore check treats it as state nobody claims.
 *
 * @example
 * graph.restore(withPreparedSinks(data), { allowNonRestoredState });
 */
export function withPreparedSinks(data: CheckpointData): GraphSnapshot {
  const steps = { ...data.graph.steps };
  for (const [uid, prepared] of Object.entries(data.sinks)) {
    steps[uid] = { ...(steps[uid] ?? { id: uid, kind: 'sink' }), stateful: prepared !== undefined && prepared !== null };
  }
  return { ...data.graph, steps };
}

async function acceptedByEverySink(id: number, data: CheckpointData, sinks: readonly SinkVertex[], uidOf: (vertexId: string) => string): Promise<boolean> {
  for (const vertex of sinks) {
    const check = vertex.sink.acceptsCheckpoint;
    const uid = uidOf(vertex.id);
    if (check !== undefined && uid in data.sinks && !(await check.call(vertex.sink, id, data.sinks[uid]))) return false;
  }
  return true;
}

/**
 * Each read split's position and watermark, by source uid and split, as a checkpoint stores them.
 *
 * @example
 * const sources = sourcePositions(readers, (id) => graph.uidOf(id));
 */
export function sourcePositions(
  readers: readonly { readonly vertex: SourceVertex; readonly split: SourceSplit; readonly position: unknown }[],
  uidOf: (vertexId: string) => string,
): CheckpointData['sources'] {
  const out: Record<string, Record<string, SavedSplit>> = {};
  for (const active of readers) {
    const marks = active.vertex.watermarkState();
    const uid = uidOf(active.vertex.id);
    out[uid] ??= {};
    out[uid][active.split.id] = { position: active.position, watermark: marks?.[active.split.id] };
  }
  return out;
}
