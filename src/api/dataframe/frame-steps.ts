import type { Row } from '../../core/row.ts';
import { field } from '../../plan/expr/index.ts';
import type { DeduplicateNode, WatermarkNode } from '../../plan/nodes.ts';
import { rowTypeOf, type Relation } from '../sql/planner/index.ts';
import { AnalysisException } from './analysis-exception.ts';
import { nodeId, type BuildContext } from './frame-planning.ts';

/**
 * The DataFrame steps that are plan nodes of their own rather than a SELECT: the watermark of
 * `withWatermark` and the deduplication of `dropDuplicates`.
 */

/**
 * `input` with a watermark trailing the largest `column` value seen by `delayMs`; the column becomes
 * the event time (rowtime), any earlier one a plain timestamp.
 *
 * @example
 * watermarkRelation(input, 'ts', 600_000, build)
 */
export function watermarkRelation(input: Relation, column: string, delayMs: number, build: BuildContext): Relation {
  const node: WatermarkNode = Object.freeze({
    kind: 'watermark', input: input.node, id: nodeId(build, `watermark-${column}`),
    strategy: Object.freeze({ timestamp: (row: Row) => row[column] as number, maxOutOfOrderness: delayMs }),
  });
  const columns = input.columns.map((c) => (c.name === column ? { ...c, time: 'rowtime' as const } : c.time === 'rowtime' ? { ...c, time: undefined } : c));
  return { ...input, node, columns };
}

/**
 * `input` keeping the first row of each value of `keys`; with `expiry`, a key is forgotten once the
 * watermark passes its first row's `expiry.column` plus `expiry.afterMs`.
 *
 * @example
 * deduplicateRelation(input, ['id'], { column: 'ts', afterMs: 3_600_000 }, build, 'dropDuplicatesWithinWatermark')
 */
export function deduplicateRelation(
  input: Relation, keys: readonly string[], expiry: { column: string; afterMs: number } | undefined, build: BuildContext, operation: string,
  stateTtlMs?: number,
): Relation {
  if (input.updating) throw new AnalysisException(`${operation}: the input updates rows it emitted (${input.changelogReason ?? 'an aggregation'}); deduplicate before aggregating`);
  const inputType = rowTypeOf(input);
  const node: DeduplicateNode = Object.freeze({
    kind: 'deduplicate', id: nodeId(build, 'deduplicate'), input: input.node, inputType,
    keys: Object.freeze(keys.map((k) => field(inputType, k))), ...(expiry === undefined ? {} : { expiry }), outputType: inputType,
    ...(stateTtlMs === undefined || stateTtlMs === 0 ? {} : { stateTtlMs }),
  });
  return { ...input, node };
}
