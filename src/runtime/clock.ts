/**
 * Processing time. The runtime reads the clock through this interface so tests (and the TestDriver)
 * can move time by hand.
 *
 * @example
 * const clock = new ManualClock(0);
 * clock.advance(1_000);
 * clock.now(); // 1000
 */
export interface Clock {
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private time: number;
  constructor(start = 0) {
    this.time = start;
  }
  now(): number {
    return this.time;
  }
  /** Moves to `time`; time never goes backwards. */
  set(time: number): void {
    if (time > this.time) this.time = time;
  }
  advance(millis: number): void {
    this.time += millis;
  }
}
