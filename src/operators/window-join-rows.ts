import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import type { WindowJoinNodeFields } from '../plan/relational-nodes.ts';
import type { WindowColumns } from '../plan/relational-nodes.ts';
import type { CompileOptions } from './expr/compile.ts';
import { compilePredicate } from './expr/compile.ts';
import { NO_MATCH, compileJoinKey } from './interval-join-config.ts';
import { compileJoinRow } from './join-row.ts';
import { WindowAssigner } from './window-assigner.ts';
import { checkKeysPairUp } from './join-config-checks.ts';
import type { WindowJoinConfig } from './window-join.ts';

/** The side of a row nothing matched: every column of it reads as NULL. */
const NO_ROW: Row = Object.freeze({}) as Row;

/**
 * The key rows with a NULL key part are held under: they share it, and the condition keeps them from
 * pairing (SQL equality: NULL matches nothing), so an outer join still emits them padded.
 */
const NULL_KEY = '\u0000null-key';

/**
 * The {@link WindowJoinConfig} of a SQL window join: compiled keys (a NULL key part matches nothing),
 * output rows built from both sides with their window bounds (window_start, window_end, window_time
 * from the window each pair fired in; NULL for a padded side), the condition over the output row,
 * and the padded rows of an outer join. Windows fire at their end, with no allowed lateness.
 *
 * @example
 * const op = new WindowJoinOperator(sqlWindowJoinConfig(node, "window-join 'j'"));
 */
export function sqlWindowJoinConfig(node: Omit<WindowJoinNodeFields, 'kind'>, label: string, options?: CompileOptions): WindowJoinConfig<Row, Row, Row> {
  if (node.window.kind === 'session') throw new PlanError(`${label}: window joins need tumbling, hopping or cumulating windows, not session windows`);
  if (node.window.time !== 'event') throw new PlanError(`${label}: window joins need event-time windows`);
  checkKeysPairUp(node, label);
  const assigner = new WindowAssigner(node.window);
  const leftKeyOf = compileJoinKey(node.leftKeys, node.leftType, options);
  const rightKeyOf = compileJoinKey(node.rightKeys, node.rightType, options);
  const build = compileJoinRow(node.outputFields, 'left');
  const withBounds = bounded(node.leftBounds, assigner);
  const rightWithBounds = bounded(node.rightBounds, assigner);
  const condition = node.condition === undefined ? undefined : compilePredicate(node.condition, node.outputType, options);
  const join = (l: Row, r: Row, _key: unknown, end: number): Row => build(withBounds(l, end), rightWithBounds(r, end));
  return {
    window: node.window,
    lateness: { allowed: 0 },
    leftKey: (row) => {
      const key = leftKeyOf(row);
      return key === NO_MATCH ? NULL_KEY : key;
    },
    rightKey: (row) => {
      const key = rightKeyOf(row);
      return key === NO_MATCH ? NULL_KEY : key;
    },
    join,
    condition: (joined, l, r, key) => {
      if (key === NULL_KEY && (leftKeyOf(l) === NO_MATCH || rightKeyOf(r) === NO_MATCH)) return false;
      return condition === undefined || condition(joined);
    },
    ...(node.joinType === 'inner' ? {} : {
      outer: {
        ...(node.joinType === 'left' || node.joinType === 'full' ? { left: (l: Row, _key: unknown, end: number) => build(withBounds(l, end), NO_ROW) } : {}),
        ...(node.joinType === 'right' || node.joinType === 'full' ? { right: (r: Row, _key: unknown, end: number) => build(NO_ROW, rightWithBounds(r, end)) } : {}),
      },
    }),
  };
}

/** The row with its window's bounds added under the side's bound names (the row itself when it has none). */
function bounded(bounds: WindowColumns, assigner: WindowAssigner): (row: Row, end: number) => Row {
  const { start, end: endName, rowtime } = bounds;
  if (start === undefined && endName === undefined && rowtime === undefined) return (row) => row;
  return (row, end) => {
    const copy: Row = { ...row };
    if (start !== undefined) copy[start] = assigner.startOf(end);
    if (endName !== undefined) copy[endName] = end;
    if (rowtime !== undefined) copy[rowtime] = end - 1;
    return copy;
  };
}
