/**
 * The filesystem connector's Avro files: object container files (src/formats/avro-container.ts),
 * read one split per file, each file's own schema resolved to the table's; written as part files
 * committed with checkpoints, one container file per part, a block per batch.
 */
import { readFile } from 'node:fs/promises';
import type { Row } from '../../core/row.ts';
import type { AvroRowCodec } from '../../formats/avro.ts';
import { AvroContainerWriter, readAvroContainer, type AvroContainerCodec } from '../../formats/avro-container.ts';
import type { Sink, Source, SourceReader, SourceSplit } from '../spi.ts';
import { END } from '../spi.ts';
import { partFileSink } from './file-sink.ts';
import { filesAt } from './file-source.ts';

/**
 * A bounded source of the records in the Avro container files at `path` (a file, or the visible
 * files of a directory). A file is read whole when its split starts; its position is the number of
 * records returned, so a restored reader skips those.
 *
 * @example
 * const trades = avroFileSource('data/trades', avroRowCodec(rowType));
 */
export function avroFileSource(path: string, codec: AvroRowCodec, name = `file:${path}`): Source<Row> {
  return {
    name,
    bounded: true,
    async splits(): Promise<SourceSplit[]> {
      return (await filesAt(path)).map((file) => ({ id: file }));
    },
    createReader(split: SourceSplit, position: unknown): SourceReader<Row> {
      let rows: Row[] | undefined;
      let next = typeof position === 'number' ? position : 0;
      return {
        async poll(maxRecords: number) {
          rows ??= readAvroContainer(await readFile(split.id), codec, { source: split.id });
          if (next >= rows.length) return END;
          const values = rows.slice(next, next + maxRecords);
          next += values.length;
          return { values };
        },
        position: () => next,
        close: () => { rows = undefined; },
      };
    },
  };
}

/**
 * Writes rows as Avro container files (part files `part-<task>-<checkpoint>.avro`, visible once the
 * checkpoint commits), readable by any Avro tool.
 *
 * @example
 * const sink = avroFileSink('out/trades', avroRowCodec(rowType), 'deflate');
 */
export function avroFileSink(path: string, codec: AvroRowCodec, compression: AvroContainerCodec = 'null', name?: string): Sink<Row> {
  // One writer, so one sync marker for the sink's files: blocks are encoded before their part opens.
  const file = new AvroContainerWriter(codec.schema, compression);
  return partFileSink(path, {
    extension: 'avro',
    header: () => file.header(),
    encode: (values) => file.block(values.map((row) => codec.encode(row))),
  }, name);
}
