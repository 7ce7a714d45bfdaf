// The Dataflow API: typed streams in the style of Bytewax and the Kafka Streams DSL.
export { Dataflow } from './dataflow.ts';
export { Stream, type WatermarkOptions } from './stream.ts';
export { KeyedStream, type StatefulMapOptions } from './keyed-stream.ts';
export { WindowedStream, type WindowedOptions } from './windowed-stream.ts';
export { WindowResultStream } from './stream.ts';
export { tumbling, sliding, session, cumulate, type WindowOptions } from './windows.ts';
