import { createStateBackend } from '../../src/state/create-backend.ts';
import { registerStateBackendContract } from './backend-contract.ts';

// An lmdb backend with a cache of 2 entries that writes through at once, so every access really
// reaches lmdb. lmdb lists in address (key) order, and size() is a running count: an expired entry
// counts until it is removed.
registerStateBackendContract((now) => createStateBackend({ kind: 'lmdb', cacheSize: 2, flushEvery: 1 }, { now }, 'lmdb-backend-test'), {
  foreignSnapshotError: /not an lmdb state backend snapshot/,
  order: 'key',
  sizeCountsExpired: true,
});
