import { asNullable, typeToString, type DataType, type RowType } from '../core/data-types.ts';
import type { PlanNode } from './nodes.ts';
import type { AggregateCall, SortKey } from './relational-nodes.ts';
import type { WindowSpec } from './windows.ts';

/**
 * The shape of the state a step keeps, as text: what its keys are, what it accumulates, over which
 * windows. Two plans whose step has the same shape can hand state from one to the other; a different
 * shape means the old state would be misread (a GROUP BY that gained a SUM, a key of another type,
 * a window of another size). Checkpoints record it per step (with the states the operator opened, see
 * runtime/state-fingerprint.ts) and a restore compares. Nullability is left out: a column becoming
 * NOT NULL does not change what is stored. Closures (Dataflow functions) cannot be compared, so a
 * Dataflow step's shape is its kind and window; its opened states complete the picture.
 *
 * @example
 * stateShape(groupByNode) // 'group-aggregate keys(STRING) calls(COUNT():BIGINT, SUM(INT):INT)'
 * stateShape(mapNode)     // undefined: a map keeps no state
 */
export function stateShape(node: PlanNode): string | undefined {
  switch (node.kind) {
    case 'group-aggregate':
      return `group-aggregate keys(${types(node.keys.map((k) => k.expr.type))}) calls(${calls(node.calls)})`;
    case 'window-aggregate':
      return `window-aggregate ${windowText(node.window)} keys(${types(node.keys.map((k) => k.expr.type))}) calls(${calls(node.calls)})${node.earlyFire === true ? ' early-fire' : ''}`;
    case 'deduplicate':
      return `deduplicate keys(${types(node.keys.map((k) => k.type))})${node.expiry === undefined ? '' : ` expiry(${node.expiry.column})`}`;
    case 'interval-join':
      return `interval-join ${node.joinType} keys(${types(node.leftKeys.map((k) => k.type))}) left(${rowText(node.leftType)}) right(${rowText(node.rightType)})`;
    case 'regular-join':
    case 'temporal-join':
      return `${node.kind} ${node.joinType} keys(${types(node.leftKeys.map((k) => k.type))}) left(${rowText(node.leftType)}) right(${rowText(node.rightType)})`;
    case 'window-join':
      return `window-join ${node.joinType} ${windowText(node.window)} keys(${types(node.leftKeys.map((k) => k.type))}) left(${rowText(node.leftType)}) right(${rowText(node.rightType)})`;
    case 'rank':
      return `rank keys(${types(node.partitionKeys.map((k) => k.type))}) order(${sortText(node.orderBy)}) top(${node.limit})${node.updatingInput === true ? ' retract' : ''} input(${rowText(node.inputType)})`;
    case 'window-rank': {
      const window = node.window.kind === 'assign' ? windowText(node.window.spec) : `columns(${node.window.start}, ${node.window.end})`;
      return `window-rank ${window} keys(${types(node.partitionKeys.map((k) => k.type))}) order(${sortText(node.orderBy)}) top(${node.limit}) input(${rowText(node.inputType)})`;
    }
    case 'over-aggregate': {
      const frame = `${node.frame.unit}(${node.frame.preceding === Number.POSITIVE_INFINITY ? 'unbounded' : node.frame.preceding} preceding, ${node.order.time})`;
      return `over-aggregate ${frame} keys(${types(node.partitionKeys.map((k) => k.type))}) calls(${calls(node.calls)}) input(${rowText(node.inputType)})`;
    }
    case 'window':
      return `window ${windowText(node.window)}`;
    case 'join':
      return `join ${windowText(node.window)}`;
    case 'process':
      return 'process';
    default:
      return undefined;
  }
}

function types(list: readonly DataType[]): string {
  return list.map((t) => typeToString(asNullable(t))).join(', ');
}

function calls(list: readonly AggregateCall[]): string {
  return list
    .map((c) => `${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${types(c.args.map((a) => a.type))})${c.filter === undefined ? '' : ' FILTER'}:${typeToString(asNullable(c.type))}`)
    .join(', ');
}

function sortText(keys: readonly SortKey[]): string {
  return keys.map((k) => `${typeToString(asNullable(k.expr.type))}${k.descending ? ' DESC' : ''}`).join(', ');
}

function rowText(type: RowType): string {
  return type.fields.map((f) => `${f.name} ${typeToString(asNullable(f.type))}`).join(', ');
}

function windowText(window: WindowSpec): string {
  switch (window.kind) {
    case 'tumbling': return `tumbling(${window.size}ms${window.offset === 0 ? '' : ` offset ${window.offset}ms`}, ${window.time})`;
    case 'sliding': return `sliding(${window.size}ms every ${window.slide}ms${window.offset === 0 ? '' : ` offset ${window.offset}ms`}, ${window.time})`;
    case 'session': return `session(gap ${window.gap}ms, ${window.time})`;
    case 'cumulate': return `cumulate(${window.step}ms to ${window.maxSize}ms${window.offset === 0 ? '' : ` offset ${window.offset}ms`}, ${window.time})`;
  }
}
