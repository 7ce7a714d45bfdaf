/**
 * The JSON path subset of JSON_VALUE / JSON_QUERY / JSON_EXISTS: `$`, `.key`, `['key']` / `["key"]`,
 * `[index]` (0-based), with an optional `lax` / `strict` mode prefix (both behave as lax: a missing
 * step gives no value, not an error). The JSON text of the last call is kept parsed, so several
 * JSON_VALUE calls on one row's column parse it once.
 *
 * @example
 * jsonValue('{"a":{"b":[10,20]}}', parseJsonPath('$.a.b[1]')) // '20'
 */

/** A compiled path: property names and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * Parses a path; throws SyntaxError when it is outside the subset.
 *
 * @example
 * parseJsonPath("$.store['book'][0]") // ['store', 'book', 0]
 */
export function parseJsonPath(path: string): JsonPath {
  const text = path.trim().replace(/^(lax|strict)\s+/i, '');
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
  return steps;
}

const paths = new Map<string, JsonPath | null>();

/** A path known only at run time (cached; null when invalid). @example cachedJsonPath('$.a') // ['a'] */
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

/** The value at `path` in the JSON text; undefined when absent or the text is not JSON. */
function lookup(text: string, path: JsonPath | null): unknown {
  if (path === null) return undefined;
  let v = parsed(text);
  if (v === INVALID) return undefined;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    if (typeof key === 'number') {
      if (!Array.isArray(v)) return undefined;
      v = v[key];
    } else {
      if (Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
  }
  return v;
}

/** JSON_VALUE: a scalar as text (strings unquoted); NULL for objects, arrays, JSON null and missing paths. @example jsonValue('{"n":1.5}', ['n']) // '1.5' */
export function jsonValue(text: string, path: JsonPath | null): string | null {
  const v = lookup(text, path);
  if (v === undefined || v === null || typeof v === 'object') return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** JSON_QUERY: an object or array as JSON text; NULL otherwise. @example jsonQuery('{"a":[1]}', ['a']) // '[1]' */
export function jsonQuery(text: string, path: JsonPath | null): string | null {
  const v = lookup(text, path);
  return v !== null && typeof v === 'object' ? JSON.stringify(v) : null;
}

/** JSON_EXISTS: whether the path has a value (false for text that is not JSON). @example jsonExists('{"a":null}', ['a']) // true */
export function jsonExists(text: string, path: JsonPath | null): boolean {
  return lookup(text, path) !== undefined;
}
