import type { RecordOrigin } from '../../core/errors.ts';
import { RecordError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { csvRecordIsOpen, splitCsvRecord } from '../../formats/csv-text.ts';
import type { RowFormat } from '../../formats/format.ts';
import type { End, SourceBatch, SourceReader } from '../spi.ts';
import { END } from '../spi.ts';
import type { FileDeadLetter, FilePosition, FileSourceOptions } from './file-source.ts';
import { fileRowFormat } from './file-format.ts';
import { LineReader } from './line-reader.ts';

/**
 * Reads one file. The position advances only over whole records (a CSV record spanning lines
 * included), so a restore resumes on the line after the last record returned.
 *
 * @example
 * const reader = new FileSplitReader('trades.jsonl', { offset: 0, line: 0 }, { format: 'json' }, { skipped: 0 });
 * const batch = await reader.poll(100);
 */
export class FileSplitReader implements SourceReader<Row> {
  private readonly path: string;
  private readonly options: FileSourceOptions;
  private readonly counter: { skipped: number };
  private readonly csv: boolean;
  private lines: LineReader | undefined;
  private format: RowFormat | undefined;
  private done = false;
  private offset: number;
  private line: number;
  /** The line read last (may be ahead of `line` inside a multi-line CSV record). */
  private lineRead: number;
  /** Records this reader skipped as unparsable (each batch reports its own). */
  private skippedHere = 0;
  /** The dead letters of the poll running (deadLetterPath). */
  private deadLetters: FileDeadLetter[] = [];

  constructor(path: string, start: FilePosition, options: FileSourceOptions, counter: { skipped: number }) {
    this.path = path;
    this.options = options;
    this.counter = counter;
    this.csv = options.format === 'csv';
    this.offset = start.offset;
    this.line = this.lineRead = start.line;
  }

  async poll(maxRecords: number): Promise<SourceBatch<Row> | End> {
    if (this.done) return END;
    if (this.lines === undefined) await this.start();
    const lines = this.lines!;
    const format = this.format!;
    const quote = this.options.quote ?? '"';
    const values: Row[] = [];
    const skippedBefore = this.skippedHere;
    const deadLetters: FileDeadLetter[] = [];
    this.deadLetters = deadLetters;
    // A CSV record still open at the end of a line. The loop only stops between records (a push
    // happens when a record closes), so a record never spans two polls.
    let record: string | undefined;
    let recordLine = 0;
    while (values.length < maxRecords) {
      const text = lines.next();
      if (text === undefined) {
        await lines.fill();
        continue;
      }
      if (text === null) {
        if (record !== undefined) this.decode(format, record, recordLine, values); // reports the unterminated quote
        this.done = true;
        break;
      }
      this.lineRead++;
      if (record === undefined) {
        record = this.lineRead === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
        recordLine = this.lineRead;
      } else {
        record += `\n${text}`;
      }
      if (this.csv && csvRecordIsOpen(record, quote)) continue;
      if (record.trim() !== '') this.decode(format, record, recordLine, values);
      record = undefined;
      this.offset = lines.offset;
      this.line = this.lineRead;
    }
    if (this.done) await this.close();
    const skipped = this.skippedHere - skippedBefore;
    if (values.length === 0 && this.done && skipped === 0 && deadLetters.length === 0) return END;
    return { values, ...(skipped === 0 ? {} : { skipped }), ...(deadLetters.length === 0 ? {} : { deadLetters }) };
  }

  position(): FilePosition {
    return { offset: this.offset, line: this.line };
  }

  async close(): Promise<void> {
    const lines = this.lines;
    this.lines = undefined;
    if (lines !== undefined) await lines.close();
  }

  private decode(format: RowFormat, text: string, line: number, values: Row[]): void {
    const origin: RecordOrigin = { source: this.path, offset: line };
    const convert = this.options.convert;
    try {
      const row = format.decode(text, origin);
      values.push(convert === undefined ? row : convert(row, origin));
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      const { ignoreParseErrors, deadLetter, deadLetterPath } = this.options;
      if (!ignoreParseErrors && deadLetter === undefined && deadLetterPath === undefined) throw error;
      if (deadLetter?.(text, error, origin) === false) return;
      if (deadLetterPath !== undefined) {
        this.deadLetters.push({ record: text, error, time: Date.now() });
        return;
      }
      this.counter.skipped++;
      this.skippedHere++;
    }
  }

  /** Opens the file at the position, reading the CSV header first when there is one. */
  private async start(): Promise<void> {
    let columns = this.options.columns;
    if (this.options.header && this.csv) {
      const header = await LineReader.open(this.path, 0);
      let text = header.next();
      while (text === undefined) {
        await header.fill();
        text = header.next();
      }
      await header.close();
      if (columns === undefined && this.options.schema === undefined) {
        try {
          columns = splitCsvRecord((text ?? '').replace(/^\uFEFF/, ''), this.options.delimiter, this.options.quote);
        } catch (error) {
          throw new RecordError({ source: this.path, offset: 1 }, `invalid CSV header: ${(error as Error).message}`);
        }
      }
      if (this.offset === 0) {
        this.offset = header.offset;
        this.line = this.lineRead = 1;
      }
    }
    this.format ??= fileRowFormat(this.options, columns);
    this.lines = await LineReader.open(this.path, this.offset);
  }
}
