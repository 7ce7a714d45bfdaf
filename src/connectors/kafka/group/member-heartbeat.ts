/**
 * A member's heartbeats between rebalances, and the signal that ends the wait for the next one: the
 * group rebalances (REBALANCE_IN_PROGRESS), or dropped the member (an error). A heartbeat that fails
 * otherwise (a broker restarting) is sent again at the next interval: the session timeout decides.
 */
import { hasKafkaError } from '../kafka-errors.ts';
import { isFatalGroupError, isMembershipLost } from './group-errors.ts';

/** Why the wait ended: a rebalance (no error), or the error that dropped the member. */
export interface HeartbeatOutcome {
  readonly error?: unknown;
}

/**
 * Heartbeats every `intervalMs` while started.
 *
 * @example
 * const heartbeat = new MemberHeartbeat(3_000);
 * heartbeat.start(() => coordinator.heartbeat(generation, memberId, null));
 * const outcome = await heartbeat.next(); // the group rebalances, or dropped us
 */
export class MemberHeartbeat {
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | undefined;
  /** Bumped at every stop, so the answer to a heartbeat from before does not start a second chain. */
  private epoch = 0;
  private waiter: ((outcome: HeartbeatOutcome) => void) | undefined;
  private pending: HeartbeatOutcome | undefined;

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  /** Starts heartbeating with `send` (stopping any earlier chain) and forgets an outcome nobody waited for. */
  start(send: () => Promise<void>): void {
    this.stop();
    this.pending = undefined;
    const epoch = this.epoch;
    const beat = (): void => {
      send().then(
        () => {
          if (epoch === this.epoch) this.timer = setTimeout(beat, this.intervalMs);
        },
        (error: unknown) => {
          if (epoch !== this.epoch) return;
          if (hasKafkaError(error, 'REBALANCE_IN_PROGRESS')) this.signal({});
          else if (isMembershipLost(error) || isFatalGroupError(error)) this.signal({ error });
          else this.timer = setTimeout(beat, this.intervalMs);
        },
      );
    };
    this.timer = setTimeout(beat, this.intervalMs);
  }

  stop(): void {
    this.epoch += 1;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Stops heartbeating and ends the wait of `next()` (now, or when it is called). */
  signal(outcome: HeartbeatOutcome): void {
    this.stop();
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter !== undefined) waiter(outcome);
    else this.pending = outcome;
  }

  /** Resolves when the group rebalances or drops the member (or `signal` is called). */
  next(): Promise<HeartbeatOutcome> {
    if (this.pending !== undefined) {
      const outcome = this.pending;
      this.pending = undefined;
      return Promise.resolve(outcome);
    }
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}
