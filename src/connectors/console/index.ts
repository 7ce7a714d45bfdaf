// The console sink: Flink's print format, the SQL client's table (tableau) format, and JSON lines.
export { consoleSink, type ConsoleSinkOptions, type TextOutput } from './console-sink.ts';
export { printText } from './print-format.ts';
export { tableText } from './table-format.ts';
export { fieldText } from './value-text.ts';
export { type RowKind, ROW_KIND, rowKindOf, shortRowKind, withKind } from '../../formats/row-kind.ts';
