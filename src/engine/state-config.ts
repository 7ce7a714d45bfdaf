import { ConfigError } from '../core/errors.ts';
import { parseStateBackendKind } from '../state/create-backend.ts';
import type { StateBackendKind } from '../state/state-backend.ts';

/**
 * The state settings a session understands (Flink's names; registered with their types in
 * core/config-keys.ts), turned into run options in one place: SQL's `SET`, a
 * TableEnvironment's `config`, and a SparkSession's `.config(…)` / `spark.conf.set(…)` all fill the
 * same map, and jobs started from it take their state options from here.
 */
export const STATE_CONFIG_KEYS = {
  /** 'heap' (default) or 'lmdb'; Flink's 'hashmap' means heap, 'rocksdb' is an error pointing to lmdb. */
  backendType: 'state.backend.type',
  /** The directory for lmdb's working files (Flink's state.backend.rocksdb.localdir). */
  lmdbLocalDir: 'state.backend.lmdb.localdir',
  /** Checkpoints kept in the checkpoint directory (Flink's key; default 3). */
  numRetained: 'state.checkpoints.num-retained',
} as const;

/** What a job takes from the state settings. */
export interface StateRunOptions {
  readonly stateBackend?: StateBackendKind;
  readonly stateDir?: string;
  readonly checkpointsRetained?: number;
}

/**
 * The run options the state settings of a session ask for; a bad value is a ConfigError naming the key.
 *
 * @example
 * stateRunOptions(new Map([['state.backend.type', 'lmdb']])) // { stateBackend: 'lmdb' }
 */
export function stateRunOptions(config: ReadonlyMap<string, string>): StateRunOptions {
  const type = config.get(STATE_CONFIG_KEYS.backendType);
  const dir = config.get(STATE_CONFIG_KEYS.lmdbLocalDir);
  const retained = config.get(STATE_CONFIG_KEYS.numRetained);
  return {
    ...(type === undefined ? {} : { stateBackend: parseStateBackendKind(type, STATE_CONFIG_KEYS.backendType) }),
    ...(dir === undefined ? {} : { stateDir: dir }),
    ...(retained === undefined ? {} : { checkpointsRetained: parseRetained(retained, STATE_CONFIG_KEYS.numRetained) }),
  };
}

/**
 * A count of checkpoints to keep: a whole number of at least 1.
 *
 * @example
 * parseRetained('5', 'state.checkpoints.num-retained') // 5
 */
export function parseRetained(text: string | number, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(option, `must be a whole number of at least 1, got '${text}'`);
  return value;
}
