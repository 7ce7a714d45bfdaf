// The blackhole sink: discards records, counts them (benchmarks).
export { blackholeSink, type BlackholeSink } from './blackhole-sink.ts';
