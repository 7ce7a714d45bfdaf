import type { RowType } from '../../core/data-types.ts';
import { PlanError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { ROW_KIND, type RowKind } from '../../formats/row-kind.ts';
import type { WindowColumns } from '../../plan/relational-nodes.ts';

/** Where an output column of an aggregate comes from. */
export type ResultSource =
  | { readonly from: 'key'; readonly index: number }
  | { readonly from: 'window-start' }
  | { readonly from: 'window-end' }
  | { readonly from: 'window-rowtime' }
  | { readonly from: 'aggregate'; readonly index: number };

/**
 * Builds one output row of an aggregate: `key` is the key function's value (the value itself for one
 * key, an array for several), `values` the aggregate results in call order, `kind` the row kind
 * (used only by builders made `withKind`).
 */
export type ResultRowBuilder = (key: unknown, start: number, end: number, values: readonly unknown[], kind?: RowKind) => Row;

/**
 * The sources of an aggregate's output columns by name: the group keys, the window columns the node
 * names, then the aggregate calls.
 *
 * @example
 * resultSources(['symbol'], { start: 'window_start' }, ['total_shares'])
 * // Map { 'symbol' → key 0, 'window_start' → window-start, 'total_shares' → aggregate 0 }
 */
export function resultSources(keys: readonly string[], windowColumns: WindowColumns, aggregates: readonly string[]): Map<string, ResultSource> {
  const sources = new Map<string, ResultSource>();
  keys.forEach((name, index) => sources.set(name, { from: 'key', index }));
  if (windowColumns.start !== undefined) sources.set(windowColumns.start, { from: 'window-start' });
  if (windowColumns.end !== undefined) sources.set(windowColumns.end, { from: 'window-end' });
  if (windowColumns.rowtime !== undefined) sources.set(windowColumns.rowtime, { from: 'window-rowtime' });
  aggregates.forEach((name, index) => sources.set(name, { from: 'aggregate', index }));
  return sources;
}

const prop = (name: string): string => (name === '__proto__' ? '["__proto__"]' : JSON.stringify(name));

/**
 * Generates (once, with `new Function`) the function that builds output rows as one object literal
 * with the columns of `outputType` in order, so every row has one shape (one hidden class). A column
 * with no source is a plan error; a source that is not an output column is left out.
 *
 * @example
 * const build = compileResultRow(outType, resultSources(['symbol'], { start: 'window_start' }, ['n']), { compositeKey: false });
 * build('AAPL', 0, 3_600_000, [3]) // { symbol: 'AAPL', window_start: 0, n: 3 }
 */
export function compileResultRow(
  outputType: RowType,
  sources: ReadonlyMap<string, ResultSource>,
  options: { readonly compositeKey: boolean; readonly withKind?: boolean; readonly label?: string },
): ResultRowBuilder {
  const parts = outputType.fields.map((field) => {
    const source = sources.get(field.name);
    if (source === undefined) {
      throw new PlanError(`${options.label ?? 'aggregate'}: output column '${field.name}' is neither a group key, a window column nor an aggregate`);
    }
    return `${prop(field.name)}: ${codeOf(source, options.compositeKey)}`;
  });
  if (options.withKind === true) parts.push(`${prop(ROW_KIND)}: kind`);
  // Generated once per operator; column names are JSON-escaped.
  return new Function('key', 'start', 'end', 'values', 'kind', `return { ${parts.join(', ')} };`) as ResultRowBuilder;
}

function codeOf(source: ResultSource, compositeKey: boolean): string {
  switch (source.from) {
    case 'key': return compositeKey ? `key[${source.index}]` : 'key';
    case 'window-start': return 'start';
    case 'window-end': return 'end';
    case 'window-rowtime': return '(end - 1)';
    case 'aggregate': return `values[${source.index}]`;
  }
}
