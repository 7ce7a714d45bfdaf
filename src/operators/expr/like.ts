import { ExprEvalError } from '../../plan/expr/errors.ts';

/**
 * LIKE and SIMILAR TO patterns. A literal LIKE pattern compiles to the cheapest test that decides it
 * — `===`, `startsWith`, `endsWith`, `includes` or a regex made once — and a pattern known only at run
 * time goes through a small cache. `%` matches any run of characters (newlines included), `_` one
 * character; the escape character, when given, makes the next `%`, `_` or escape literal.
 *
 * @example
 * likeTest('AAPL', 'AA%', null) // true
 */

type Token = { kind: 'text'; text: string } | { kind: '%' } | { kind: '_' };

function invalidEscape(pattern: string, escape: string): never {
  throw new ExprEvalError(`LIKE: invalid escape sequence in '${pattern}' (escape '${escape}')`);
}

function tokenize(pattern: string, escape: string | null): Token[] {
  const tokens: Token[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') tokens.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (escape !== null && ch === escape) {
      const next = pattern[i + 1];
      if (next !== '%' && next !== '_' && next !== escape) invalidEscape(pattern, escape);
      text += next;
      i++;
    } else if (ch === '%' || ch === '_') {
      flush();
      if (ch === '_' || tokens[tokens.length - 1]?.kind !== '%') tokens.push({ kind: ch });
    } else {
      text += ch;
    }
  }
  flush();
  return tokens;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The anchored regex equivalent to a LIKE pattern.
 *
 * @example
 * likeToRegex('a_c%', null).source // '^a.c[^]*$'
 */
export function likeToRegex(pattern: string, escape: string | null): RegExp {
  const body = tokenize(pattern, escape).map((t) => (t.kind === 'text' ? escapeRegex(t.text) : t.kind === '%' ? '[^]*' : '[^]')).join('');
  return new RegExp(`^${body}$`);
}

/** How a literal LIKE pattern is tested, cheapest first. */
export type LikePlan =
  | { kind: 'equals' | 'startsWith' | 'endsWith' | 'includes'; text: string }
  | { kind: 'any' }
  | { kind: 'regex'; regex: RegExp };

/**
 * Plans the test for a literal pattern: `'abc'` → equals, `'ab%'` → startsWith, `'%bc'` → endsWith,
 * `'%b%'` → includes, `'%'` → any, anything with `_` or inner `%` → a regex.
 *
 * @example
 * planLike('AA%', null) // { kind: 'startsWith', text: 'AA' }
 */
export function planLike(pattern: string, escape: string | null): LikePlan {
  const t = tokenize(pattern, escape);
  const shape = t.map((x) => (x.kind === 'text' ? 't' : x.kind)).join('');
  const text = (t.find((x) => x.kind === 'text') as { text: string } | undefined)?.text ?? '';
  switch (shape) {
    case '': case 't': return { kind: 'equals', text };
    case 't%': return { kind: 'startsWith', text };
    case '%t': return { kind: 'endsWith', text };
    case '%t%': return { kind: 'includes', text };
    case '%': return { kind: 'any' };
    default: return { kind: 'regex', regex: likeToRegex(pattern, escape) };
  }
}

/**
 * The SQL SIMILAR TO pattern as an anchored regex: `%` and `_` as in LIKE, `|`, `*`, `+`, `?`, `{m,n}`,
 * `( )` and `[ ]` as in regexes; other regex characters are literal.
 *
 * @example
 * similarToRegex('(a|b)%', null).test('bx') // true
 */
export function similarToRegex(pattern: string, escape: string | null): RegExp {
  let body = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (escape !== null && ch === escape) {
      const next = pattern[i + 1];
      if (next === undefined) invalidEscape(pattern, escape);
      body += escapeRegex(next);
      i++;
    } else if (ch === '%') body += '[^]*';
    else if (ch === '_') body += '[^]';
    else if ('.^$\\/'.includes(ch)) body += `\\${ch}`;
    else body += ch;
  }
  try {
    return new RegExp(`^(?:${body})$`);
  } catch {
    throw new ExprEvalError(`SIMILAR TO: invalid pattern '${pattern}'`);
  }
}

const cache = new Map<string, RegExp>();

function cached(key: string, make: () => RegExp): RegExp {
  let re = cache.get(key);
  if (re === undefined) {
    re = make();
    if (cache.size >= 256) cache.clear();
    cache.set(key, re);
  }
  return re;
}

/** LIKE with a pattern known only at run time. @example likeTest('abc', '_b%', null) // true */
export function likeTest(s: string, pattern: string, escape: string | null = null): boolean {
  if (escape !== null && escape.length !== 1) throw new ExprEvalError(`LIKE: the escape must be one character, got '${escape}'`);
  return cached(`L${escape ?? ''}\u0000${pattern}`, () => likeToRegex(pattern, escape)).test(s);
}

/** SIMILAR TO with a pattern known only at run time. @example similarTest('ab', '[a-c]+', null) // true */
export function similarTest(s: string, pattern: string, escape: string | null = null): boolean {
  return cached(`S${escape ?? ''}\u0000${pattern}`, () => similarToRegex(pattern, escape)).test(s);
}
