import type { Expr, JsonQueryBehavior, JsonQueryWrapper, JsonValueBehavior } from '../ast/expressions.ts';
import { parseDataType } from './data-types.ts';
import { parseExpr } from './expressions.ts';
import type { Cursor } from './parser-base.ts';

/**
 * `JSON_VALUE(json, path [RETURNING type] [{NULL | ERROR | DEFAULT expr} ON EMPTY]
 * [{NULL | ERROR | DEFAULT expr} ON ERROR])`, entered with the cursor on the name. The two ON
 * clauses may come in either order (as Calcite accepts them), each at most once.
 *
 * @example
 * parseJsonValue(new Cursor("JSON_VALUE(j, '$.n' RETURNING INT DEFAULT 0 ON EMPTY)"))
 */
export function parseJsonValue(c: Cursor): Expr {
  const { pos, json, path } = openJsonCall(c);
  const returning = c.acceptWords('RETURNING') ? parseDataType(c) : undefined;
  // The type parser reads a trailing NULL as "nullable"; in `RETURNING INT NULL ON EMPTY` it is the behavior.
  if (returning !== undefined && c.isWord('ON') && c.isWord('NULL', -1)) c.index--;
  const clauses = parseOnClauses(c, returning === undefined ? ["'RETURNING'"] : [], parseValueBehavior);
  return { kind: 'JsonValue', json, path, ...(returning && { returning }), ...clauses, pos };
}

/**
 * `JSON_QUERY(json, path [{WITHOUT | WITH [CONDITIONAL | UNCONDITIONAL]} [ARRAY] WRAPPER]
 * [{NULL | ERROR | EMPTY ARRAY | EMPTY OBJECT} ON EMPTY] [… ON ERROR])`; `WITH WRAPPER` wraps
 * unconditionally.
 *
 * @example
 * parseJsonQuery(new Cursor("JSON_QUERY(j, '$.tags' WITH CONDITIONAL WRAPPER)"))
 */
export function parseJsonQuery(c: Cursor): Expr {
  const { pos, json, path } = openJsonCall(c);
  const wrapper = parseWrapper(c);
  const clauses = parseOnClauses(c, wrapper === undefined ? ["'WITHOUT'", "'WITH'"] : [], parseQueryBehavior);
  return { kind: 'JsonQuery', json, path, ...(wrapper && { wrapper }), ...clauses, pos };
}

function openJsonCall(c: Cursor) {
  const pos = c.next().pos;
  c.expectSymbol('(');
  const json = parseExpr(c);
  c.expectSymbol(',');
  return { pos, json, path: parseExpr(c) };
}

/** `behavior ON EMPTY` and `behavior ON ERROR` up to the closing parenthesis, which it consumes. */
function parseOnClauses<B>(c: Cursor, alternatives: string[], behavior: (c: Cursor, expected: string[]) => B): { onEmpty?: B; onError?: B } {
  const clauses: { onEmpty?: B; onError?: B } = {};
  while ((clauses.onEmpty === undefined || clauses.onError === undefined) && !c.isSymbol(')')) {
    const b = behavior(c, [...(clauses.onEmpty === undefined && clauses.onError === undefined ? alternatives : []), "')'"]);
    c.expectWords('ON');
    if (clauses.onEmpty === undefined && c.acceptWords('EMPTY')) clauses.onEmpty = b;
    else if (clauses.onError === undefined && c.acceptWords('ERROR')) clauses.onError = b;
    else c.fail([...(clauses.onEmpty === undefined ? ["'EMPTY'"] : []), ...(clauses.onError === undefined ? ["'ERROR'"] : [])]);
  }
  c.expectSymbol(')');
  return clauses;
}

function parseValueBehavior(c: Cursor, expected: string[]): JsonValueBehavior {
  if (c.acceptWords('NULL')) return { type: 'NULL' };
  if (c.acceptWords('ERROR')) return { type: 'ERROR' };
  if (c.acceptWords('DEFAULT')) return { type: 'DEFAULT', value: parseExpr(c) };
  return c.fail(["'NULL'", "'ERROR'", "'DEFAULT'", ...expected]);
}

function parseQueryBehavior(c: Cursor, expected: string[]): JsonQueryBehavior {
  if (c.acceptWords('NULL')) return 'NULL';
  if (c.acceptWords('ERROR')) return 'ERROR';
  if (c.acceptWords('EMPTY')) {
    if (c.acceptWords('ARRAY')) return 'EMPTY ARRAY';
    if (c.acceptWords('OBJECT')) return 'EMPTY OBJECT';
    return c.fail(["'ARRAY'", "'OBJECT'"]);
  }
  return c.fail(["'NULL'", "'ERROR'", "'EMPTY'", ...expected]);
}

function parseWrapper(c: Cursor): JsonQueryWrapper | undefined {
  let wrapper: JsonQueryWrapper;
  if (c.acceptWords('WITHOUT')) {
    wrapper = 'WITHOUT';
  } else if (c.acceptWords('WITH')) {
    wrapper = c.acceptWords('CONDITIONAL') ? 'CONDITIONAL' : 'UNCONDITIONAL';
    if (wrapper === 'UNCONDITIONAL') c.acceptWords('UNCONDITIONAL');
  } else {
    return undefined;
  }
  c.acceptWords('ARRAY');
  c.expectWords('WRAPPER');
  return wrapper;
}
