import type { LogicalPlan } from '../../plan/nodes.ts';
import type { CheckpointStore } from '../../state/checkpoint-storage.ts';
import { createStateBackend, type StateBackendChoice } from '../../state/create-backend.ts';
import { CheckpointStateFiles, compactChain } from '../checkpoint-state-files.ts';
import { systemClock } from '../clock.ts';
import { isStateChain, needsBase } from '../incremental-state.ts';
import { newestUsableCheckpoint, type CheckpointData } from '../job-checkpoint.ts';
import { instanceResolver, JobGraph, type ConnectorResolver } from '../job-graph.ts';
import type { ChangelogOptions, RestoreStatus } from './changelog-options.ts';
import { ChangelogTask } from './changelog-task.ts';

/** What a standby needs: the task's plan and changelog, and a local checkpoint store of its own. */
export interface StandbyOptions {
  /** The standby's own local state directory (what the task, once moved here, restores from). */
  readonly checkpoints: CheckpointStore;
  readonly changelog: ChangelogOptions;
  /** The job's name (the active task's); names the checkpoints. */
  readonly name?: string;
  /** The backend of the scratch compactions (the active task's choice). */
  readonly stateBackend?: StateBackendChoice;
  readonly resolver?: ConnectorResolver;
  /** Increments after which the local chain is compacted. Default 8. */
  readonly maxStateIncrements?: number;
}

/**
 * A warm copy of a task's state (Kafka Streams' standby replica, `num.standby.replicas`): it tails the
 * task's changelog partitions into its own local checkpoint directory, so a task that becomes active
 * there — a JobRunner with the same plan, changelog options and `checkpoints` — reads only the tail
 * the standby had not seen. It never opens the task's transactional producer (that would fence the
 * active task) and processes no input. Each `catchUp` reads to the changelogs' last stable offsets
 * and writes a local checkpoint saying how far it got.
 *
 * @example
 * const standby = new ChangelogStandby(plan, { checkpoints: new CheckpointStorage('/var/sluice/app/0_0'), changelog });
 * await standby.open();
 * const status = await standby.catchUp(); // call again every few seconds while the task runs elsewhere
 * await standby.close();
 */
export class ChangelogStandby {
  readonly #options: StandbyOptions;
  readonly #graph: JobGraph;
  readonly #task: ChangelogTask;
  readonly #name: string;

  constructor(plan: LogicalPlan, options: StandbyOptions) {
    this.#options = options;
    this.#name = options.name ?? plan.name;
    this.#graph = new JobGraph(plan, systemClock, options.resolver ?? instanceResolver, options.stateBackend);
    this.#task = new ChangelogTask(options.changelog, this.#graph, this.#name, 0);
  }

  /** Connects and checks (or creates) the changelog topics. */
  async open(): Promise<void> {
    await this.#task.openTopics();
  }

  /**
   * Reads what the changelogs gained since the last local checkpoint into a new one (a chain due a
   * base is compacted first) and deletes state files no retained checkpoint needs. Returns what it read.
   */
  async catchUp(): Promise<RestoreStatus> {
    const store = this.#options.checkpoints;
    const local = await newestUsableCheckpoint(store, [], (id) => this.#graph.uidOf(id));
    const data = await this.#task.restore(local, store, { quiet: true });
    const status = this.#task.restoreStatus()!;
    if (data === undefined || (local !== undefined && status.records === 0)) return status;
    const id = (local?.id ?? 0) + 1;
    const operators = { ...data.graph.operators };
    for (const [uid, saved] of Object.entries(operators)) {
      if (!isStateChain(saved.state) || !needsBase(saved.state, { maxIncrements: this.#options.maxStateIncrements ?? 8 })) continue;
      const name = `chk-${id}-standby-base-${uid.replace(/[^A-Za-z0-9_.-]/g, '_')}.state`;
      const scratch = (): ReturnType<typeof createStateBackend> => createStateBackend(this.#options.stateBackend, { now: () => Date.now() }, `standby-${uid}`);
      operators[uid] = { ...saved, state: await compactChain(store, name, saved.state, scratch) };
    }
    const checkpoint: CheckpointData = {
      job: this.#name, id, graph: { ...data.graph, operators }, sources: {}, sinks: {}, changelog: this.#task.restoredUpTo(),
    };
    await store.write(id, checkpoint);
    await new CheckpointStateFiles(store).deleteUnreferenced();
    return status;
  }

  async close(): Promise<void> {
    await this.#task.close();
    try {
      this.#graph.close();
    } catch {
      // operators that never opened: nothing of theirs to release
    }
  }
}
