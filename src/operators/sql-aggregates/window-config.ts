import type { Row } from '../../core/row.ts';
import { withKind } from '../../formats/row-kind.ts';
import type { AggregateFunction } from '../../plan/functions.ts';
import type { WindowAggregateNodeFields } from '../../plan/relational-nodes.ts';
import type { WindowResult } from '../../plan/windows.ts';
import type { CompileOptions } from '../expr/compile.ts';
import type { WindowAggregateConfig } from '../window-aggregate.ts';
import { compileAggregateCalls } from './compile-calls.ts';
import { compileGroupKey } from './group-key.ts';
import { compileResultRow, resultSources } from './result-row.ts';

/**
 * The configuration of the window operators (WindowAggregateOperator, or SessionWindowAggregateOperator
 * for session windows) for a SQL window aggregate: the compiled composite key, the compiled calls
 * (results in call order) and a result mapping to output rows in the node's column order:
 * `{ …keys, [start]: start, [end]: end, [rowtime]: end - 1, …aggregates }`.
 *
 * Final results are plain rows (insert-only). A result that replaces an earlier one (a late record
 * within the allowed lateness) is marked `$kind: 'update-after'`; the row it replaces is not
 * re-emitted as `update-before`, because the window operator no longer holds it.
 *
 * @example
 * const config = sqlWindowAggregateConfig(node, `window-aggregate '${node.id}'`);
 * const op = node.window.kind === 'session' ? new SessionWindowAggregateOperator(config) : new WindowAggregateOperator(config);
 */
export function sqlWindowAggregateConfig(
  node: Omit<WindowAggregateNodeFields, 'kind'>,
  label = 'window-aggregate',
  options?: CompileOptions,
): WindowAggregateConfig<Row, unknown[], unknown[]> {
  const calls = compileAggregateCalls(node.calls, node.inputType, label, options);
  const buildRow = compileResultRow(
    node.outputType,
    resultSources(node.keys.map((k) => k.name), node.windowColumns, calls.names),
    { compositeKey: node.keys.length > 1, label },
  );
  const aggregate: AggregateFunction<Row, unknown[], unknown[]> = {
    createAccumulator: calls.createAccumulator,
    add: calls.add,
    getResult: calls.values,
    merge: calls.merge,
  };
  return {
    window: node.window,
    aggregate,
    lateness: node.lateness,
    key: compileGroupKey(node.keys, node.inputType, options),
    result: (r: WindowResult<unknown, unknown[]>): Row => {
      const row = buildRow(r.key, r.start, r.end, r.value);
      return r.update ? withKind(row, 'update-after') : row;
    },
  };
}
