import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { HeapStateBackend } from './heap-backend.ts';
import { LmdbStateBackend } from './lmdb-backend.ts';
import type { ManagedStateBackend, StateBackendContext, StateBackendKind } from './state-backend.ts';

/**
 * Which backend keeps a job's keyed state, and where. The one place that turns a user's choice
 * (`run(flow, { stateBackend })`, SQL `SET 'state.backend.type'`, a SparkSession config, the CLI's
 * `--state-backend`) into backends.
 *
 * @example
 * const choice: StateBackendChoice = { kind: 'lmdb', dir: '/var/lib/sluice/state' };
 */
export interface StateBackendChoice {
  readonly kind: StateBackendKind;
  /** lmdb: the directory for the operators' environments (one sub-directory each). Default: a temporary directory. */
  readonly dir?: string;
  /** lmdb: entries kept in the heap cache per operator. */
  readonly cacheSize?: number;
  /** lmdb: dirty entries written to lmdb together. */
  readonly flushEvery?: number;
}

/** The backend kinds a user may name. */
export const STATE_BACKEND_KINDS: readonly StateBackendKind[] = ['heap', 'lmdb'];

/**
 * Checks a backend name from configuration; 'rocksdb' (Flink's) and 'hashmap' point to their Sluice
 * counterparts.
 *
 * @example
 * parseStateBackendKind('lmdb', "SET 'state.backend.type'") // 'lmdb'
 */
export function parseStateBackendKind(value: unknown, option: string): StateBackendKind {
  const text = String(value).trim().toLowerCase();
  if (text === 'heap' || text === 'lmdb') return text;
  if (text === 'hashmap') return 'heap';
  if (text === 'rocksdb') throw new ConfigError(option, "'rocksdb' is Flink's on-disk backend; Sluice's is 'lmdb' (state larger than memory, incremental checkpoints)");
  throw new ConfigError(option, `unknown state backend '${String(value)}': use 'heap' (the default) or 'lmdb'`);
}

let temporaryRoot: string | undefined;

/**
 * A backend for one operator. lmdb backends of operators without a `dir` share one temporary
 * directory that is removed when the process exits.
 *
 * @example
 * const backend = createStateBackend({ kind: 'lmdb' }, { now: () => clock.now() }, 'group-aggregate-3');
 */
export function createStateBackend(choice: StateBackendChoice | undefined, ctx: StateBackendContext, operatorId: string): ManagedStateBackend {
  if (choice === undefined || choice.kind === 'heap') return new HeapStateBackend(ctx);
  const dir = choice.dir ?? temporaryDirectory();
  const unique = `${operatorId.replace(/[^A-Za-z0-9_.-]/g, '_')}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  return new LmdbStateBackend(ctx, { path: join(dir, unique), cacheSize: choice.cacheSize, flushEvery: choice.flushEvery });
}

function temporaryDirectory(): string {
  if (temporaryRoot === undefined) {
    const root = mkdtempSync(join(tmpdir(), 'sluice-state-'));
    temporaryRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return temporaryRoot;
}
