/**
 * Keyed timers, as Flink's TimerService: a timer belongs to a key and fires once when event time
 * (the watermark) or processing time reaches it. Registering the same (key, time) twice fires once.
 *
 * @example
 * timers.registerEventTimeTimer('AAPL', windowEnd - 1);
 * timers.advanceEventTime(watermark, (key, time) => fireWindow(key, time));
 */
export interface TimerService {
  registerEventTimeTimer(key: unknown, time: number): void;
  deleteEventTimeTimer(key: unknown, time: number): void;
  registerProcessingTimeTimer(key: unknown, time: number): void;
  deleteProcessingTimeTimer(key: unknown, time: number): void;
  /** Fires, in time order, every event-time timer with time <= watermark. Timers registered while firing that are also due fire too. */
  advanceEventTime(watermark: number, fire: (key: unknown, time: number) => void): void;
  /** Fires, in time order, every processing-time timer with time <= now. */
  advanceProcessingTime(now: number, fire: (key: unknown, time: number) => void): void;
  /** Earliest pending processing-time timer, or Infinity: lets the runtime sleep until then. */
  nextProcessingTime(): number;
  pendingCount(): number;
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}
