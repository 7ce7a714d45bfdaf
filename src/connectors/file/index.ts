// The file connectors: JSON Lines / CSV files as a bounded source or a watched directory, and an exactly-once part-file sink.
export { fileSource, type FilePosition, type FileSource, type FileSourceOptions } from './file-source.ts';
export { fileSink, type FileSinkOptions } from './file-sink.ts';
export { fileWatchSource, type FileWatchPosition, type FileWatchSourceOptions } from './file-watch-source.ts';
export { type FileFormatOptions, fileRowFormat } from './file-format.ts';
export { LineReader } from './line-reader.ts';
