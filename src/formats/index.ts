// The formats layer: codecs between rows and text. Imports only core.
export { type FieldType, type RowFormat, type SimpleSchema, type TimestampEncoding, textOf } from './format.ts';
export { convertField, encodeTimestamp } from './field-convert.ts';
export { jsonFormat, type JsonFormatOptions } from './json.ts';
export { csvFormat, type CsvFormatOptions } from './csv.ts';
export { CsvSyntaxError, csvRecordIsOpen, quoteCsvField, splitCsvRecord } from './csv-text.ts';
export { ROW_KIND, type RowKind, rowKindOf, shortRowKind, withKind } from './row-kind.ts';
