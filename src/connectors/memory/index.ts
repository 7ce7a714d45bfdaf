// In-memory connectors: a bounded source over an array and a collecting sink (tests, examples, results).
export { memorySource, type MemorySourceOptions } from './memory-source.ts';
export { memorySink, type MemorySink } from './memory-sink.ts';
export { toArray } from './to-array.ts';
