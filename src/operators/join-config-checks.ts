import type { RowType } from '../core/data-types.ts';
import { PlanError } from '../core/errors.ts';

/**
 * Checks of a two-sided join's configuration that every such operator makes (regular, interval and
 * window joins), so that a planner mistake shows when the job is built, naming the node.
 */

/**
 * The left and right key lists must be the same length: key i of the left side meets key i of the right.
 *
 * @example
 * checkKeysPairUp(config, "regular-join 'j'"); // throws: keys must pair up, got 2 left keys and 1 right keys
 */
export function checkKeysPairUp(config: { readonly leftKeys: readonly unknown[]; readonly rightKeys: readonly unknown[] }, label: string): void {
  if (config.leftKeys.length !== config.rightKeys.length) {
    throw new PlanError(`${label}: keys must pair up, got ${config.leftKeys.length} left keys and ${config.rightKeys.length} right keys`);
  }
}

/** What {@link checkJoinOutputFields} reads of a join's configuration. */
export interface JoinOutputShape {
  readonly leftType: RowType;
  readonly rightType: RowType;
  readonly outputType: RowType;
  readonly outputFields: readonly { readonly side: 'left' | 'right'; readonly field: string; readonly name: string }[];
}

/**
 * The output fields must name the output type's columns in order, and each must read a field its
 * side's row has.
 *
 * @example
 * checkJoinOutputFields(config, "interval-join 'j'"); // throws: output column 'x' reads 'y', which the left row does not have
 */
export function checkJoinOutputFields(config: JoinOutputShape, label: string): void {
  const outNames = config.outputType.fields.map((f) => f.name);
  const names = config.outputFields.map((f) => f.name);
  if (names.length !== outNames.length || names.some((n, i) => n !== outNames[i])) {
    throw new PlanError(`${label}: output fields [${names.join(', ')}] do not match the output type's columns [${outNames.join(', ')}]`);
  }
  for (const f of config.outputFields) {
    const type = f.side === 'left' ? config.leftType : f.side === 'right' ? config.rightType : undefined;
    if (type === undefined) throw new PlanError(`${label}: output column '${f.name}' has side '${String(f.side)}', not 'left' or 'right'`);
    if (!type.fields.some((t) => t.name === f.field)) {
      throw new PlanError(`${label}: output column '${f.name}' reads '${f.field}', which the ${f.side} row does not have`);
    }
  }
}
