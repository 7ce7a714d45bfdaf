/**
 * The JSON path subset of JSON_VALUE / JSON_QUERY / JSON_EXISTS: `$`, `.key`, `['key']` / `["key"]`,
 * `[index]` (0-based), after an optional mode: `lax` or `strict` (the default, as in Flink). Looking a
 * path up gives the value, {@link JSON_EMPTY} (a lax path that finds nothing, or lax over text that
 * is not JSON) or a {@link JsonPathError} (the same in strict mode). The JSON text of the last lookup
 * is kept parsed, so several JSON functions on one row's column parse it once.
 *
 * @example
 * resolveJsonPath('{"a":{"b":[10,20]}}', parseJsonPath('$.a.b[1]')) // 20
 */

/** A compiled path: its mode, the property names and array indexes from the root, and its text. */
export interface JsonPath {
  readonly lax: boolean;
  readonly steps: readonly (string | number)[];
  readonly text: string;
}

/**
 * Parses a path; throws SyntaxError when it is outside the subset.
 *
 * @example
 * parseJsonPath("lax $.store['book'][0]") // { lax: true, steps: ['store', 'book', 0], … }
 */
export function parseJsonPath(path: string): JsonPath {
  const mode = /^\s*(lax|strict)\s+/i.exec(path);
  const text = (mode === null ? path : path.slice(mode[0].length)).trim();
  if (text[0] !== '$') throw new SyntaxError(`JSON path must start with '$': ${path}`);
  const steps: (string | number)[] = [];
  const step = /\.([^.[\]\s'"`]+)|\.`([^`]*)`|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < text.length) {
    const start = step.lastIndex;
    const m = step.exec(text);
    if (m === null) throw new SyntaxError(`unsupported JSON path at position ${start + 1}: ${path}`);
    if (m[5] !== undefined) steps.push(Number(m[5]));
    else steps.push(m[1] ?? m[2] ?? (m[3] ?? m[4]).replace(/\\(.)/g, '$1'));
  }
  return { lax: mode !== null && mode[1].toLowerCase() === 'lax', steps, text: path };
}

const paths = new Map<string, JsonPath | null>();

/** A path known only at run time (cached; null when invalid). @example cachedJsonPath('$.a')?.steps // ['a'] */
export function cachedJsonPath(path: string): JsonPath | null {
  let p = paths.get(path);
  if (p === undefined) {
    try {
      p = parseJsonPath(path);
    } catch {
      p = null;
    }
    if (paths.size >= 256) paths.clear();
    paths.set(path, p);
  }
  return p;
}

/** What a lax path gives when it finds nothing. */
export const JSON_EMPTY: unique symbol = Symbol('JSON_EMPTY');

/**
 * A failed lookup (a strict path that finds nothing, text that is not JSON, a value of the wrong
 * kind). A plain object rather than an Error: it is a result the ON ERROR clause handles, thrown
 * only under ERROR ON ERROR.
 *
 * @example
 * new JsonPathError('no value at $.a') instanceof JsonPathError // true
 */
export class JsonPathError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const INVALID = Symbol('invalid JSON');
let lastText: string | undefined;
let lastValue: unknown;

function parsed(text: string): unknown {
  if (text !== lastText) {
    try {
      lastValue = JSON.parse(text);
    } catch {
      lastValue = INVALID;
    }
    lastText = text;
  }
  return lastValue;
}

/** The child at `key`, or undefined when there is none. */
function child(v: unknown, key: string | number): unknown {
  if (v === null || typeof v !== 'object') return undefined;
  if (typeof key === 'number') return Array.isArray(v) ? v[key] : undefined;
  return !Array.isArray(v) && Object.hasOwn(v, key) ? (v as Record<string, unknown>)[key] : undefined;
}

/**
 * The value at `path` in the JSON text (JSON null is `null`), {@link JSON_EMPTY}, or a
 * {@link JsonPathError}; a null path (one that did not parse) is an error.
 *
 * @example
 * resolveJsonPath('{"a":1}', parseJsonPath('strict $.b')) // JsonPathError: no value at 'strict $.b'
 */
export function resolveJsonPath(text: string, path: JsonPath | null): unknown {
  if (path === null) return new JsonPathError('invalid JSON path');
  let v = parsed(text);
  if (v === INVALID) return path.lax ? JSON_EMPTY : new JsonPathError(`not valid JSON: '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
  for (const key of path.steps) {
    v = child(v, key);
    if (v === undefined) return path.lax ? JSON_EMPTY : new JsonPathError(`no value at '${path.text}'`);
  }
  return v;
}

/** JSON_EXISTS: whether the path has a value, JSON null included (false for text that is not JSON). @example jsonExists('{"a":null}', parseJsonPath('$.a')) // true */
export function jsonExists(text: string, path: JsonPath | null): boolean {
  const v = resolveJsonPath(text, path);
  return v !== JSON_EMPTY && !(v instanceof JsonPathError);
}
