import { isIP } from 'node:net';
import { ConfigError } from '../core/errors.ts';
import { closest } from '../core/suggest.ts';

/**
 * Where a job serves its REST API and metrics (`sluice run … --ui`, `RunOptions.ui`).
 *
 * @example
 * const ui: UiOptions = { port: 8081 };                                       // http://127.0.0.1:8081
 * const shared: UiOptions = { host: '0.0.0.0', port: 8081, token: process.env.SLUICE_UI_TOKEN };
 */
export interface UiOptions {
  /** TCP port; 0 picks a free one (the handle's `ui` says which). Default 8081, as Flink's. */
  readonly port?: number;
  /** Address to bind. Default 127.0.0.1; any other (not loopback) requires `token`. */
  readonly host?: string;
  /** Every request must carry `Authorization: Bearer <token>`. Required off loopback. */
  readonly token?: string;
  /**
   * Keep serving after the job ends (its final state, checkpoints and exceptions stay readable) until
   * the handle's `ui` endpoint is closed. Default false: the server closes with the job.
   */
  readonly keepOpen?: boolean;
}

const KNOWN_KEYS = ['port', 'host', 'token', 'keepOpen'] as const;

/** UiOptions after checking: every field set. */
export interface CheckedUiOptions {
  readonly port: number;
  readonly host: string;
  readonly token: string | undefined;
  readonly keepOpen: boolean;
}

/**
 * Checks UI options: unknown keys (with a did-you-mean), the port's range, and that a bind address
 * other than loopback comes with a token — the API can stop the job and read its state.
 *
 * @example
 * checkUiOptions({ host: '0.0.0.0' }); // throws: ui.host: '0.0.0.0' is not a loopback address: set ui.token …
 * checkUiOptions(true); // { port: 8081, host: '127.0.0.1', token: undefined, keepOpen: false }
 */
export function checkUiOptions(given: UiOptions | true): CheckedUiOptions {
  const options: UiOptions = given === true ? {} : given;
  for (const key of Object.keys(options)) {
    if ((KNOWN_KEYS as readonly string[]).includes(key)) continue;
    const near = closest(key, KNOWN_KEYS);
    throw new ConfigError(`ui.${key}`, `is not a UI option${near === undefined ? '' : ` (did you mean '${near}'?)`}; known: ${KNOWN_KEYS.join(', ')}`);
  }
  const port = options.port ?? 8081;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError('ui.port', `must be an integer from 0 to 65535, got ${String(port)}`);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') throw new ConfigError('ui.host', `must be an address, got ${JSON.stringify(host)}`);
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token.length < 16)) {
    throw new ConfigError('ui.token', 'must be a string of at least 16 characters');
  }
  if (!isLoopback(host) && token === undefined) {
    throw new ConfigError('ui.host', `'${host}' is not a loopback address: set ui.token (the CLI reads it from SLUICE_UI_TOKEN) so that only holders of the token can stop the job or read its state`);
  }
  const keepOpen = options.keepOpen ?? false;
  if (typeof keepOpen !== 'boolean') throw new ConfigError('ui.keepOpen', `must be true or false, got ${JSON.stringify(keepOpen)}`);
  return { port, host, token, keepOpen };
}

/**
 * True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`.
 *
 * @example
 * isLoopback('127.0.0.1'); // true
 * isLoopback('0.0.0.0');   // false
 */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}
