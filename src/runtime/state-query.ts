import { SluiceError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { closest } from '../core/suggest.ts';
import type { StateBackend } from '../state/state-backend.ts';
import type { JobGraph } from './job-graph.ts';
import type { OpenedState } from './opened-states.ts';
import { OperatorVertex } from './operator-vertex.ts';
import type { Vertex } from './vertex.ts';

/**
 * A state query that cannot be answered: `notFound` (no such operator, or nothing kept for the key)
 * or `invalid` (the question itself is wrong, e.g. a limit that is not a number). The REST API maps
 * them to 404 and 400; the runtime knows nothing of HTTP.
 *
 * @example
 * try { queryKey(graph, 'nope', 'AAPL'); } catch (e) { if (e instanceof StateQueryError) console.log(e.reason); } // 'notFound'
 */
export class StateQueryError extends SluiceError {
  readonly reason: 'notFound' | 'invalid';
  constructor(reason: 'notFound' | 'invalid', message: string) {
    super(message);
    this.reason = reason;
  }
}

/** What an operator keeps for one key: its result row (a GROUP BY) or the value of each of its keyed states. */
export interface KeyedStateAnswer {
  readonly operator: string;
  readonly key: unknown;
  /** The operator's current result for the key, where the operator makes one (a non-windowed GROUP BY). */
  readonly result?: unknown;
  /** Otherwise each opened state's value for the key: a value, a list, or a map as [key, value] pairs. */
  readonly states?: Readonly<Record<string, unknown>>;
}

/** Keys of an operator, filtered and limited (see {@link scanKeys}). */
export interface KeyScan {
  readonly operator: string;
  readonly entries: readonly KeyedStateAnswer[];
  /** True when more keys matched than `limit`. */
  readonly truncated: boolean;
}

/** Which keys a scan returns: string keys starting with `prefix`, keys within [from, to] (inclusive), at most `limit`. */
export interface KeyScanOptions {
  readonly prefix?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
}

const DEFAULT_SCAN_LIMIT = 100;
const MAX_SCAN_LIMIT = 10_000;

/**
 * Interactive queries (Kafka Streams' name): the state a keyed operator holds for `keyText` now. The
 * key is tried as the text given, then — when that holds nothing and the text is JSON, such as `42`
 * or `["AAPL",1]` for a composite GROUP BY key — as the parsed value. Runs between batches (the job's
 * thread), so the answer is consistent with the output emitted so far.
 *
 * @example
 * queryKey(runner.graph, 'group-aggregate-3', 'AAPL'); // { operator: 'group-aggregate-3', key: 'AAPL', result: { symbol: 'AAPL', n: 2 } }
 */
export function queryKey(graph: JobGraph, operatorId: string, keyText: string): KeyedStateAnswer {
  const vertex = keyedOperator(graph, operatorId);
  const candidates: unknown[] = [keyText];
  const parsed = parseJson(keyText);
  if (parsed !== undefined && parsed !== keyText) candidates.push(parsed);
  for (const key of candidates) {
    const answer = readKey(vertex, key);
    if (answer !== undefined) return answer;
  }
  throw new StateQueryError('notFound', `operator '${vertex.id}' keeps no state for key ${JSON.stringify(keyText)}` +
    (candidates.length > 1 ? ` (tried as the string and as the JSON value ${JSON.stringify(parsed)})` : ''));
}

/**
 * A scan of a keyed operator's keys with their state: every key the backend lists (both backends can;
 * neither keeps keys in their natural order — lmdb addresses start with the key's hash group — so a
 * range is a filter over the listing, not an index read), filtered by `prefix` or `from`/`to`.
 *
 * @example
 * scanKeys(runner.graph, 'group-aggregate-3', { prefix: 'AA', limit: 10 }); // { entries: [{ key: 'AAPL', result: {...} }], truncated: false }
 */
export function scanKeys(graph: JobGraph, operatorId: string, options: KeyScanOptions = {}): KeyScan {
  const vertex = keyedOperator(graph, operatorId);
  const limit = options.limit ?? DEFAULT_SCAN_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SCAN_LIMIT) {
    throw new StateQueryError('invalid', `limit must be an integer from 1 to ${MAX_SCAN_LIMIT}, got ${limit}`);
  }
  // Keys first, reads after: a read may drop an expired entry, which must not happen mid-listing.
  const seen = new Set<string>();
  const keys: unknown[] = [];
  const backend = vertex.stateBackend();
  listing: for (const state of vertex.openedStates()) {
    for (const key of backend.keys(state.name)) {
      const id = JSON.stringify(key);
      if (seen.has(id) || !matches(key, options)) continue;
      seen.add(id);
      keys.push(key);
      if (keys.length > limit) break listing;
    }
  }
  const entries: KeyedStateAnswer[] = [];
  for (const key of keys.slice(0, limit)) {
    const answer = readKey(vertex, key);
    if (answer !== undefined) entries.push(answer);
  }
  return { operator: vertex.id, entries, truncated: keys.length > limit };
}

/** The operators a state query may name: those that opened keyed state, by id or uid. */
export function keyedOperators(graph: JobGraph): OperatorVertex[] {
  return graph.operators.filter((v) => v.openedStates().length > 0);
}

function keyedOperator(graph: JobGraph, operatorId: string): OperatorVertex {
  const keyed = keyedOperators(graph);
  const found = keyed.find((v) => v.id === operatorId || graph.uidOf(v.id) === operatorId);
  if (found !== undefined) return found;
  const stateless = graph.operators.find((v) => v.id === operatorId);
  if (stateless !== undefined) throw new StateQueryError('notFound', `operator '${operatorId}' (${stateless.kind}) keeps no keyed state`);
  const names = keyed.map((v) => v.id);
  const near = closest(operatorId, names);
  const listing = names.length === 0 ? 'the job has no operator with keyed state' : `operators with keyed state: ${names.join(', ')}`;
  throw new StateQueryError('notFound', `no operator '${operatorId}' in this job${near === undefined ? '' : ` (did you mean '${near}'?)`}; ${listing}`);
}

function readKey(vertex: OperatorVertex, key: unknown): KeyedStateAnswer | undefined {
  const operator = vertex.operator;
  if (operator.queryResult !== undefined) {
    const row = vertex.readAtKey(key, () => operator.queryResult!(key));
    if (row === undefined) return undefined;
    const result = throughCalcs(vertex, row);
    if (result === undefined) {
      throw new StateQueryError('notFound', `operator '${vertex.id}' holds a row for key ${JSON.stringify(key)}, but the query's condition after it (HAVING) drops it`);
    }
    return { operator: vertex.id, key, result };
  }
  const states = vertex.readAtKey(key, (backend) => readStates(backend, vertex.openedStates()));
  return states === undefined ? undefined : { operator: vertex.id, key, states };
}

/**
 * A result row passed through the stateless row-by-row operators that follow its vertex alone (a SQL
 * SELECT list or HAVING after a GROUP BY), so it has the columns the query outputs; undefined when one
 * of them drops it.
 */
function throughCalcs(vertex: OperatorVertex, row: Row): Row | undefined {
  let current: Row | undefined = row;
  let at: Vertex = vertex;
  while (current !== undefined && at.mainOutputs.length === 1 && at.sideOutputs.size === 0) {
    const next = at.mainOutputs[0].target;
    if (!(next instanceof OperatorVertex) || next.operator.transformResult === undefined) break;
    current = next.operator.transformResult(current);
    at = next;
  }
  return current;
}

/** Each opened state's value at the backend's current key; undefined when none holds anything. */
function readStates(backend: StateBackend, opened: readonly OpenedState[]): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  let any = false;
  for (const state of opened) {
    let value: unknown;
    if (state.kind === 'value') value = backend.valueState(state.name, state.ttl).value();
    else if (state.kind === 'list') {
      const list = backend.listState(state.name, state.ttl).get();
      value = list.length === 0 ? undefined : list;
    } else {
      const map = backend.mapState(state.name, state.ttl);
      value = map.isEmpty() ? undefined : [...map.entries()];
    }
    if (value === undefined) continue;
    out[state.name] = value;
    any = true;
  }
  return any ? out : undefined;
}

function matches(key: unknown, options: KeyScanOptions): boolean {
  const text = typeof key === 'string' ? key : JSON.stringify(key);
  if (options.prefix !== undefined && !text.startsWith(options.prefix)) return false;
  if (options.from !== undefined && compareToBound(key, options.from) < 0) return false;
  if (options.to !== undefined && compareToBound(key, options.to) > 0) return false;
  return true;
}

/** Numbers compare with a numeric bound numerically; anything else compares as text. */
function compareToBound(key: unknown, bound: string): number {
  if (typeof key === 'number' && bound.trim() !== '' && Number.isFinite(Number(bound))) return key - Number(bound);
  const text = typeof key === 'string' ? key : JSON.stringify(key);
  return text < bound ? -1 : text > bound ? 1 : 0;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
