import type { Row } from '../core/row.ts';

/** One output column of a join: which side it comes from, its field there, its output name. */
export interface JoinOutputField<Side extends string> {
  readonly side: Side;
  readonly field: string;
  readonly name: string;
}

/**
 * One generated function making a join's output row from its two input rows, as a single object
 * literal (one hidden class for every output row). A missing row or column reads as NULL, so the same
 * function pads an unmatched row. `first` names the side passed as the first argument.
 *
 * @example
 * const build = compileJoinRow([{ side: 'left', field: 'id', name: 'id' }, { side: 'right', field: 'id', name: 'rid' }], 'left');
 * build({ id: 1 }, {}) // { id: 1, rid: null }
 */
export function compileJoinRow<Side extends string>(fields: readonly JoinOutputField<Side>[], first: Side): (a: Row, b: Row) => Row {
  const read = (f: JoinOutputField<Side>): string => {
    const from = f.side === first ? 'a' : 'b';
    // `__proto__` read as a property would find Object.prototype on a row without that column.
    if (f.field === '__proto__') return `(Object.hasOwn(${from}, "__proto__") ? (${from}["__proto__"] ?? null) : null)`;
    return `(${from}[${JSON.stringify(f.field)}] ?? null)`;
  };
  const prop = (name: string): string => (name === '__proto__' ? '["__proto__"]' : JSON.stringify(name));
  const literal = fields.map((f) => `${prop(f.name)}: ${read(f)}`).join(', ');
  return new Function('a', 'b', `"use strict"; return { ${literal} };`) as (a: Row, b: Row) => Row;
}
