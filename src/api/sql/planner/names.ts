import { closest } from '../../../connectors/table-options.ts';
import type { Identifier } from '../ast/expressions.ts';
import { fail } from './errors.ts';
import { sqlName, type Column } from './relation.ts';

/** A column an identifier names, and the ROW fields it then reads (`person.address.city`). */
export interface ResolvedName {
  readonly column: Column;
  readonly fields: readonly string[];
}

/**
 * Resolves a (possibly qualified) name against the columns in scope, as Flink does: `t.c` when `t`
 * qualifies a column `c`, else `c.field…` on a ROW column. Names are case-sensitive; a near miss
 * is suggested.
 *
 * @example
 * resolveName(ident, columns, sql) // { column: price, fields: [] }
 */
export function resolveName(id: Identifier, columns: readonly Column[], source: string | undefined): ResolvedName {
  const [first, second] = id.parts;
  if (second !== undefined) {
    const qualified = columns.filter((c) => c.qualifier === first && sqlName(c) === second);
    if (qualified.length === 1) return { column: qualified[0], fields: id.parts.slice(2) };
    if (qualified.length > 1) throw fail(id.pos, source, `column '${first}.${second}' is ambiguous`);
  }
  const matches = columns.filter((c) => sqlName(c) === first);
  if (matches.length === 1) return { column: matches[0], fields: id.parts.slice(1) };
  if (matches.length > 1) throw fail(id.pos, source, `column '${first}' is ambiguous; qualify it (${matches.map((c) => `${c.qualifier}.${sqlName(c)}`).join(', ')})`);
  throw unknownColumn(id, columns, source);
}

function unknownColumn(id: Identifier, columns: readonly Column[], source: string | undefined): Error {
  const [first, second] = id.parts;
  const qualifiers = new Set(columns.map((c) => c.qualifier).filter((q) => q !== undefined));
  const names = columns.map(sqlName);
  if (second !== undefined && qualifiers.has(first)) {
    const hint = closest(second, columns.filter((c) => c.qualifier === first).map(sqlName));
    return fail(id.pos, source, `column '${second}' not found in '${first}'${hint === undefined ? '' : `; did you mean '${hint}'?`}${available(columns.filter((c) => c.qualifier === first).map(sqlName))}`);
  }
  const sameCase = names.find((n) => n.toLowerCase() === first.toLowerCase());
  const hint = sameCase ?? closest(first, names);
  const advice = hint === undefined ? '' : sameCase !== undefined ? ` (names are case-sensitive: did you mean '${hint}'?)` : `; did you mean '${hint}'?`;
  return fail(id.pos, source, `unknown column '${first}'${advice}${available(names)}`);
}

function available(names: readonly string[]): string {
  return names.length === 0 ? '; the input has no columns' : `; available: ${names.join(', ')}`;
}
