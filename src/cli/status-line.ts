import { formatTimestamp, type JobStatus } from '../index.ts';

/**
 * One line on stderr that refreshes in place (on a terminal) with a running job's vital signs.
 * Lines written to stdout meanwhile are printed above it: the line is cleared first and redrawn after.
 *
 * @example
 * const line = new StatusLine();
 * line.update(job.status());
 */
export class StatusLine {
  private text = '';
  private readonly tty = Boolean(process.stderr.isTTY);

  /** Routes stdout writes through the status line so results and the status never overwrite each other. */
  attach(): () => void {
    if (!this.tty) return () => {};
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      this.clear();
      const result = (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      this.draw();
      return result;
    }) as typeof process.stdout.write;
    return () => {
      process.stdout.write = original;
      this.clear();
    };
  }

  update(status: JobStatus): void {
    this.text = describeStatus(status);
    if (this.tty) {
      this.clear();
      this.draw();
    }
  }

  /** The last status as a plain line, for the end of the run or for logs. */
  last(): string {
    return this.text;
  }

  private clear(): void {
    if (this.text) process.stderr.write('\r\x1b[2K');
  }

  private draw(): void {
    if (this.text) process.stderr.write(this.text.slice(0, Math.max(20, (process.stderr.columns ?? 120) - 1)));
  }
}

/** `records in 120000 | 40000/s | watermark 2024-01-01 03:59:55.000 | late dropped 12 | skipped 3 | dead-lettered 0` */
export function describeStatus(status: JobStatus): string {
  const watermark = Number.isFinite(status.watermark) ? formatTimestamp(status.watermark) : status.watermark > 0 ? 'end' : '-';
  const parts = [
    `records in ${status.recordsIn}`,
    `${Math.round(status.recordsPerSecond)}/s`,
    `watermark ${watermark}`,
    `late dropped ${status.lateRecordsDropped}`,
  ];
  if (status.lateRecordsSideOutput > 0) parts.push(`late to side output ${status.lateRecordsSideOutput}`);
  parts.push(`skipped ${status.recordsSkipped}`, `dead-lettered ${status.recordsDeadLettered}`);
  const restore = status.restore;
  if (restore?.phase === 'restoring') parts.unshift(`restoring from changelog: ${restore.records} records, ${restore.recordsPerSecond}/s, ${restore.remaining} left`);
  else if (restore !== undefined) parts.push(`restored ${restore.records} changelog records in ${restore.durationMs} ms`);
  if (status.inputProgress !== undefined) parts.push(`input ${progressBar(status.inputProgress.read, status.inputProgress.remaining)}`);
  return parts.join(' | ');
}

/**
 * `[########------------] 40%` of a bounded input: records read against read + left.
 *
 * @example
 * progressBar(40, 60); // '[########------------] 40%'
 */
export function progressBar(read: number, remaining: number, width = 20): string {
  const total = read + remaining;
  const share = total === 0 ? 1 : read / total;
  const filled = Math.min(width, Math.floor(share * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}%`;
}

/**
 * The end-of-run account of every source, one line each, so no dropped record goes unmentioned:
 * `source 'trades' (kafka:trades): 120000 in, 3 skipped (unparsable), 0 dead-lettered, 12 late dropped`.
 *
 * @example
 * process.stderr.write(describeSources(result.status));
 */
export function describeSources(status: JobStatus): string {
  return status.sources
    .map((s) => `source '${s.id}' (${s.name}): ${s.recordsIn} in, ${s.skipped} skipped (unparsable), ${s.deadLettered} dead-lettered, ${s.lateDropped} late dropped\n`)
    .join('');
}
