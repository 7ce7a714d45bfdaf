/**
 * Rates of counters over a sliding window of samples: per second for counts, and as a share of the
 * elapsed time for counters of milliseconds (time spent backpressured).
 *
 * @example
 * const rates = new RateWindow(5_000);
 * rates.add(0, { in: 0 });
 * rates.add(1_000, { in: 500 });
 * rates.perSecond('in'); // 500
 */
export class RateWindow {
  private readonly spanMs: number;
  private samples: { time: number; counts: Readonly<Record<string, number>> }[] = [];

  constructor(spanMs: number) {
    this.spanMs = spanMs;
  }

  add(time: number, counts: Readonly<Record<string, number>>): void {
    this.samples.push({ time, counts });
    while (this.samples.length > 2 && time - this.samples[0].time > this.spanMs) this.samples.shift();
  }

  /** How much `name` grew per second between the oldest and newest samples (0 with fewer than two). */
  perSecond(name: string): number {
    const span = this.span(name);
    return span === undefined ? 0 : (span.delta * 1000) / span.elapsed;
  }

  /** For a counter of milliseconds: the share of the elapsed time it grew by, from 0 to 1. */
  ratio(name: string): number {
    const span = this.span(name);
    return span === undefined ? 0 : Math.min(1, Math.max(0, span.delta / span.elapsed));
  }

  private span(name: string): { delta: number; elapsed: number } | undefined {
    if (this.samples.length < 2) return undefined;
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    const elapsed = last.time - first.time;
    if (elapsed <= 0) return undefined;
    return { delta: (last.counts[name] ?? 0) - (first.counts[name] ?? 0), elapsed };
  }
}
