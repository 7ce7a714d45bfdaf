// The state layer: keyed state handles, state backends, timers and checkpoint storage. Imports only core.
export type { ListState, MapState, StateTtl, ValueState } from './keyed-state.ts';
export { keyId, type StateBackend, type StateBackendContext } from './state-backend.ts';
export type { TimerService } from './timer-service.ts';
export { HeapStateBackend } from './heap-backend.ts';
export { HeapTimerService } from './heap-timer-service.ts';
export { keySlot } from './key-slot.ts';
export {
  CheckpointStorage,
  MemoryCheckpointStorage,
  type CheckpointStorageOptions,
  type CheckpointStore,
  type StoredCheckpoint,
} from './checkpoint-storage.ts';
export { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec.ts';
export type { ManagedStateBackend, StateBackendKind, StateCut, StateEntry, StateInfo } from './state-backend.ts';
export { LmdbStateBackend, type LmdbStateBackendOptions } from './lmdb-backend.ts';
export { createStateBackend, parseStateBackendKind, STATE_BACKEND_KINDS, type StateBackendChoice } from './create-backend.ts';
