/**
 * What the REST API tests share: JSON requests and waiting for a condition the API reports (the
 * job's progress is an event seen through the API; the deadline is generous, the machine is loaded).
 */

/** A response: its status and parsed JSON body (or the text, for /metrics). */
export interface ApiResponse {
  readonly status: number;
  readonly body: any;
  readonly text: string;
  readonly contentType: string;
}

/**
 * Sends a request and parses the JSON answer.
 *
 * @example
 * const { status, body } = await api(`${url}/jobs`);
 */
export async function api(url: string, init: RequestInit = {}): Promise<ApiResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown = undefined;
  if (contentType.includes('json')) body = JSON.parse(text);
  return { status: response.status, body, text, contentType };
}

/**
 * Asks `probe` until it returns a value other than undefined; fails after `timeoutMs` (default 120 s)
 * with the last answer seen, so a failure says how far the job got.
 *
 * @example
 * const details = await until(async () => { const d = (await api(u)).body; return d.vertices[0].metrics['read-records'] === 10 ? d : undefined; });
 */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
