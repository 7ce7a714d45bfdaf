import type { RecordOrigin } from '../../core/errors.ts';
import { RecordError } from '../../core/errors.ts';
import type { RowFormat } from '../../formats/format.ts';
import type { End, SourceBatch, SourceReader } from '../spi.ts';
import { END } from '../spi.ts';
import type { InProcessLog } from './in-process-log.ts';
import type { LogRecord } from './log-record.ts';
import type { LogPosition } from './log-source.ts';

/** What every reader of one log source shares. */
export interface LogReaderSettings {
  readonly log: InProcessLog;
  readonly group: string | undefined;
  /** Set for the JSON format; undefined yields the records themselves. */
  readonly decoder: RowFormat | undefined;
  readonly ignoreParseErrors: boolean;
  readonly pollTimeoutMs: number;
  skipped: number;
}

/**
 * Reads one partition from an offset; `end` (exclusive) makes it bounded.
 *
 * @example
 * const reader = new LogSplitReader<Row>(settings, 'trades', 0, 0, undefined);
 * const batch = await reader.poll(500);
 */
export class LogSplitReader<T> implements SourceReader<T> {
  private readonly settings: LogReaderSettings;
  private readonly topic: string;
  private readonly partition: number;
  private readonly end: number | undefined;
  private next: number;

  constructor(settings: LogReaderSettings, topic: string, partition: number, offset: number, end: number | undefined) {
    this.settings = settings;
    this.topic = topic;
    this.partition = partition;
    this.next = offset;
    this.end = end;
  }

  /** Returns at once when records are there; otherwise waits up to the poll timeout for some. */
  poll(maxRecords: number): SourceBatch<T> | End | Promise<SourceBatch<T> | End> {
    if (this.end !== undefined && this.next >= this.end) return END;
    const { log } = this.settings;
    if (log.endOffset(this.topic, this.partition) > this.next) return this.take(maxRecords);
    return log.waitForData(this.topic, this.partition, this.next, this.settings.pollTimeoutMs).then(() => this.take(maxRecords));
  }

  position(): LogPosition {
    return this.end === undefined ? { offset: this.next } : { offset: this.next, end: this.end };
  }

  /** Commits the checkpointed position, not the current one, which may be ahead of it. */
  notifyCheckpointComplete(_checkpointId: number, position: unknown): void {
    const group = this.settings.group;
    if (group === undefined) return;
    const { offset } = position as LogPosition;
    this.settings.log.commitOffsets(group, [{ topic: this.topic, partition: this.partition, offset }]);
  }

  close(): void {}

  private take(maxRecords: number): SourceBatch<T> {
    const { log } = this.settings;
    // Records deleted past our position: continue from the first one left (auto.offset.reset=earliest).
    this.next = Math.max(this.next, log.beginningOffset(this.topic, this.partition));
    const limit = this.end === undefined ? maxRecords : Math.min(maxRecords, this.end - this.next);
    const records = log.read(this.topic, this.partition, this.next, limit);
    if (records.length > 0) this.next = records[records.length - 1].offset + 1;
    const times = new Array<number>(records.length);
    for (let i = 0; i < records.length; i++) times[i] = records[i].timestamp;
    const decoder = this.settings.decoder;
    if (decoder === undefined) return { values: records as unknown as T[], times };
    return this.decode(decoder, records, times);
  }

  private decode(decoder: RowFormat, records: LogRecord[], times: number[]): SourceBatch<T> {
    const values: T[] = [];
    let kept = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      const value = record.value;
      try {
        if (typeof value === 'string' || value instanceof Uint8Array) {
          values.push(decoder.decode(value, this.origin(record)) as T);
        } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          values.push(value as T); // appended as an object: already a row
        } else {
          throw new RecordError(this.origin(record), `expected a JSON text or an object, got ${value === null ? 'null' : typeof value}`);
        }
        times[kept++] = times[i];
      } catch (error) {
        if (!(error instanceof RecordError) || !this.settings.ignoreParseErrors) throw error;
        this.settings.skipped++;
      }
    }
    times.length = kept;
    return { values, times };
  }

  private origin(record: LogRecord): RecordOrigin {
    return { source: record.topic, partition: record.partition, offset: record.offset };
  }
}
