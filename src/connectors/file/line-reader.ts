import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/**
 * Reads a file line by line in chunks, tracking the byte offset after each line so a reader can
 * resume exactly after the last line it returned. `next()` is synchronous while buffered lines
 * remain and returns `undefined` when it needs `fill()` — so a batch loop awaits only per chunk.
 * Splitting on the `\n` byte is safe in UTF-8 (no multi-byte sequence contains it).
 *
 * @example
 * const lines = await LineReader.open('trades.jsonl', 0);
 * for (let line = lines.next(); line !== null; line = lines.next()) {
 *   if (line === undefined) await lines.fill(); else console.log(lines.offset, line);
 * }
 * await lines.close();
 */
export class LineReader {
  /** Byte offset just after the last line returned by `next`. */
  offset: number;
  private readonly handle: FileHandle;
  private buffer = new Uint8Array(CHUNK);
  private start = 0;
  private end = 0;
  private readPosition: number;
  private eof = false;
  private readonly decoder = new TextDecoder('utf-8');

  private constructor(handle: FileHandle, offset: number) {
    this.handle = handle;
    this.offset = offset;
    this.readPosition = offset;
  }

  /** Opens `path` to read from byte `offset`. */
  static async open(path: string, offset: number): Promise<LineReader> {
    return new LineReader(await open(path, 'r'), offset);
  }

  /** The next line without its `\r\n` / `\n`; `undefined` when `fill()` is needed first; null at the end of the file. */
  next(): string | null | undefined {
    const newline = this.buffer.indexOf(NEWLINE, this.start);
    if (newline >= 0 && newline < this.end) return this.take(newline, newline + 1);
    if (!this.eof) return undefined;
    if (this.start < this.end) return this.take(this.end, this.end); // a last line without a newline
    return null;
  }

  /** Reads the next chunk, keeping the unfinished line at the front of the buffer. */
  async fill(): Promise<void> {
    const leftover = this.end - this.start;
    if (leftover === this.buffer.length) {
      const bigger = new Uint8Array(this.buffer.length * 2); // a line longer than the buffer
      bigger.set(this.buffer.subarray(this.start, this.end));
      this.buffer = bigger;
    } else if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
    }
    this.start = 0;
    this.end = leftover;
    const { bytesRead } = await this.handle.read(this.buffer, this.end, this.buffer.length - this.end, this.readPosition);
    if (bytesRead === 0) this.eof = true;
    this.end += bytesRead;
    this.readPosition += bytesRead;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private take(lineEnd: number, next: number): string {
    let textEnd = lineEnd;
    if (textEnd > this.start && this.buffer[textEnd - 1] === 0x0d) textEnd--;
    const text = this.decoder.decode(this.buffer.subarray(this.start, textEnd));
    this.offset += next - this.start;
    this.start = next;
    return text;
  }
}
