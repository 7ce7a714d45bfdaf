/** Option names whose values are never shown: passwords, tokens, keys, SASL and SSL settings. */
const SECRET = /password|secret|token|credential|sasl|ssl\.key|api[-_.]?key/i;

/** What the REST API shows of a masked value. */
export const MASKED = '******';

/**
 * The run options as the REST API's config endpoint shows them: plain values only (numbers, strings,
 * booleans, and objects of them), functions and class instances left out, and any value whose name
 * looks like a secret masked — so the endpoint and the logs never carry a password or token.
 *
 * @example
 * describeRunOptions({ checkpointInterval: 5000, ui: { port: 8081, token: 's3cr3t-s3cr3t-s3cr3t' } });
 * // { checkpointInterval: 5000, ui: { port: 8081, token: '******' } }
 */
export function describeRunOptions(options: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options)) {
    const shown = showValue(name, value);
    if (shown !== undefined) out[name] = shown;
  }
  return out;
}

function showValue(name: string, value: unknown): unknown {
  if (value === undefined || typeof value === 'function') return undefined;
  if (SECRET.test(name)) return MASKED;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return describeRunOptions(value);
  return undefined;
}
