import type { OperatorMetrics } from '../operators/operator.ts';

/**
 * Named numbers an operator reports. Kept per vertex; the job sums them for its status.
 *
 * @example
 * const metrics = new MetricSet();
 * metrics.add('lateRecordsDropped', 1);
 */
export class MetricSet implements OperatorMetrics {
  private readonly values = new Map<string, number>();
  add(name: string, amount: number): void {
    this.values.set(name, (this.values.get(name) ?? 0) + amount);
  }
  set(name: string, value: number): void {
    this.values.set(name, value);
  }
  get(name: string): number {
    return this.values.get(name) ?? 0;
  }
  entries(): IterableIterator<[string, number]> {
    return this.values.entries();
  }
  /** Metrics are part of checkpoints so counts (late records…) survive a restart. */
  snapshot(): Record<string, number> {
    return Object.fromEntries(this.values);
  }
  restore(snapshot: Record<string, number> | undefined): void {
    this.values.clear();
    for (const [name, value] of Object.entries(snapshot ?? {})) this.values.set(name, value);
  }
}
