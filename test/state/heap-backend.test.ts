import { HeapStateBackend } from '../../src/state/heap-backend.ts';
import { registerStateBackendContract } from './backend-contract.ts';

// The heap lists in insertion order, and size() scans, leaving expired entries out.
registerStateBackendContract((now) => new HeapStateBackend({ now }), {
  foreignSnapshotError: /not a heap state backend snapshot/,
  order: 'insertion',
  sizeCountsExpired: false,
});
