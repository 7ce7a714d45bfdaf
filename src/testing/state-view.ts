import { SluiceError } from '../core/errors.ts';
import { ForwardingStateBackend } from '../state/forwarding-backend.ts';
import type { StateBackend } from '../state/state-backend.ts';

/**
 * An operator's keyed state as a test sees it. Choosing a key to read moves the backend's current
 * key, which operators cache between records; the driver calls `release()` before any input goes in,
 * putting the operator's key back, so reading state in a test can never redirect the operator's writes.
 * Reading a state the operator opened with a TTL needs the same TTL (the backend checks it).
 *
 * @example
 * const state = driver.state('count-per-user');
 * state.setCurrentKey('alice');
 * state.valueState<number>('state').value(); // alice's count
 */
export class StateView extends ForwardingStateBackend {
  readonly #operator: string;
  /** The operator's key, saved at the first setCurrentKey by the test; undefined when not moved. */
  #saved: { key: unknown } | undefined;

  constructor(backend: StateBackend, operator: string) {
    super(backend);
    this.#operator = operator;
  }

  override setCurrentKey(key: unknown): void {
    this.#saved ??= { key: this.backend.currentKey() };
    this.backend.setCurrentKey(key);
  }

  override restore(): void {
    throw new SluiceError(`state of '${this.#operator}' is restored with TestDriver.restore(job, driver.checkpoint()), not by hand`);
  }

  /** Puts the operator's current key back if the test moved it. */
  release(): void {
    if (this.#saved === undefined) return;
    this.backend.setCurrentKey(this.#saved.key);
    this.#saved = undefined;
  }
}
