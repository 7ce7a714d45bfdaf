/**
 * When the rate source's values are due, as Spark's rate source schedules them: `rowsPerSecond`
 * values a second, reached by a linear ramp-up over the first `rampUpSeconds` seconds. Value v is
 * due in the second where the running total passes it, spread evenly over that second; the
 * schedule is pure arithmetic, so a restored reader gives every value the same timestamp again.
 */
import { ConfigError } from '../../core/errors.ts';

/**
 * The pace of a rate source: values 0, 1, 2, … at `rowsPerSecond`, ramping up linearly (the
 * speed grows by rowsPerSecond / (rampUpSeconds + 1) each second) until `rampUpSeconds`.
 *
 * @example
 * const schedule = new RateSchedule(10, 0);
 * schedule.offsetOf(25) // 2500: value 25 is due 2.5 s after the start
 */
export class RateSchedule {
  readonly rowsPerSecond: number;
  readonly rampUpSeconds: number;
  /** How much faster each ramp-up second is than the one before. */
  private readonly step: number;
  // The second found last, cached: readers ask for increasing values, so the search is rarely needed.
  private second = 0;
  private low = 0;
  private high: number;

  constructor(rowsPerSecond: number, rampUpSeconds: number) {
    if (!Number.isInteger(rowsPerSecond) || rowsPerSecond < 1) throw new ConfigError('rows-per-second', `must be a positive integer, got ${rowsPerSecond}`);
    if (!Number.isInteger(rampUpSeconds) || rampUpSeconds < 0) throw new ConfigError('ramp-up-time', `must be a whole number of seconds, got ${rampUpSeconds}`);
    this.step = Math.floor(rowsPerSecond / (rampUpSeconds + 1));
    if (this.step < 1) {
      throw new ConfigError('ramp-up-time', `a ramp-up of ${rampUpSeconds} s needs at least ${rampUpSeconds + 1} rows per second (got ${rowsPerSecond}): every ramp-up second must add at least one row a second`);
    }
    this.rowsPerSecond = rowsPerSecond;
    this.rampUpSeconds = rampUpSeconds;
    this.high = this.valuesBefore(1);
  }

  /**
   * How many values are due in the first `seconds` seconds (Spark's "value at second").
   *
   * @example
   * new RateSchedule(10, 4).valuesBefore(3) // 12: speeds 2, 4, 6 during the ramp-up
   */
  valuesBefore(seconds: number): number {
    const ramp = Math.min(seconds, this.rampUpSeconds);
    const ramped = (this.step * ramp * (ramp + 1)) / 2;
    return seconds <= this.rampUpSeconds ? ramped : ramped + (seconds - this.rampUpSeconds) * this.rowsPerSecond;
  }

  /**
   * Milliseconds after the start at which value `value` is due.
   *
   * @example
   * new RateSchedule(4, 0).offsetOf(6) // 1500
   */
  offsetOf(value: number): number {
    if (value < this.low || value >= this.high) this.seek(value);
    return this.second * 1000 + Math.floor(((value - this.low) * 1000) / (this.high - this.low));
  }

  /** Finds the second whose values include `value`: [valuesBefore(s), valuesBefore(s + 1)). */
  private seek(value: number): void {
    let second: number;
    const rampEnd = this.valuesBefore(this.rampUpSeconds);
    if (value >= rampEnd) {
      second = this.rampUpSeconds + Math.floor((value - rampEnd) / this.rowsPerSecond);
    } else {
      // step * s * (s + 1) / 2 <= value: solve the quadratic, then correct any rounding.
      second = Math.floor((Math.sqrt(1 + (8 * value) / this.step) - 1) / 2);
      while (second > 0 && this.valuesBefore(second) > value) second--;
      while (this.valuesBefore(second + 1) <= value) second++;
    }
    this.second = second;
    this.low = this.valuesBefore(second);
    this.high = this.valuesBefore(second + 1);
  }
}
