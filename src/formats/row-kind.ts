import type { Row } from '../core/row.ts';

/**
 * The change a row of a changelog stream stands for (Flink's RowKind). A row without a kind is an
 * insert, so append-only streams pay nothing.
 *
 * @example
 * const kind: RowKind = 'update-after';
 */
export type RowKind = 'insert' | 'update-before' | 'update-after' | 'delete';

/**
 * The property that carries a row's kind. A plain string property rather than a symbol, so the kind
 * survives structured cloning (checkpoints, worker threads). Formats that list a row's columns skip it.
 *
 * @example
 * const deleted = { symbol: 'AAPL', [ROW_KIND]: 'delete' };
 */
export const ROW_KIND = '$kind';

const SHORT: Record<RowKind, string> = { insert: '+I', 'update-before': '-U', 'update-after': '+U', delete: '-D' };

/**
 * Returns a copy of the row marked with a kind.
 *
 * @example
 * withKind({ symbol: 'AAPL', n: 2 }, 'update-after') // { symbol: 'AAPL', n: 2, $kind: 'update-after' }
 */
export function withKind<R extends Row>(row: R, kind: RowKind): R & { $kind: RowKind } {
  return { ...row, [ROW_KIND]: kind } as R & { $kind: RowKind };
}

/**
 * The kind of a row; 'insert' when it carries none.
 *
 * @example
 * rowKindOf({ symbol: 'AAPL' }) // 'insert'
 */
export function rowKindOf(row: Row): RowKind {
  const kind = row[ROW_KIND];
  return kind === undefined ? 'insert' : (kind as RowKind);
}

/**
 * Flink's short form of a kind, as printed by the print connector: `+I`, `-U`, `+U`, `-D`.
 *
 * @example
 * shortRowKind('delete') // '-D'
 */
export function shortRowKind(kind: RowKind): string {
  return SHORT[kind] ?? '+I';
}
