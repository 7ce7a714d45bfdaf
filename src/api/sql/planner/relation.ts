import { DataTypes, type DataType, type RowType } from '../../../core/data-types.ts';
import type { PlanNode } from '../../../plan/nodes.ts';
import type { WindowSpec } from '../../../plan/windows.ts';

/**
 * What the planner knows about a query's intermediate result: the plan node that produces it, its
 * columns (with the name that may qualify them and which are time attributes), and whether it is a
 * changelog (updating) or append-only — Flink's "relational node with traits", reduced to what
 * streaming planning needs.
 */

/** A rowtime attribute (event time, with a watermark) or a processing-time attribute. */
export type TimeAttribute = 'rowtime' | 'proctime';

/** One column of a relation. `name` is the field name in the rows the node emits. */
export interface Column {
  readonly name: string;
  /**
   * The name SQL refers to the column by, when it differs from `name`: a join renames a column whose
   * name the other side has too (`id` → `id0`), yet `b.id` still names it.
   */
  readonly label?: string;
  readonly type: DataType;
  /** The table name or alias that may qualify it (`t.price`). */
  readonly qualifier?: string;
  /** Set when the column is a time attribute: a rowtime column's value is the record's event time. */
  readonly time?: TimeAttribute;
  /** The window bounds a window TVF adds (window_start, window_end, window_time). */
  readonly windowBound?: 'start' | 'end' | 'time';
}

/**
 * A window TVF whose windows are not aggregated yet (`FROM TABLE(TUMBLE(…))`): the relation's node
 * emits the TVF's input rows; a GROUP BY window_start, window_end turns it into a window aggregate.
 */
export interface PendingWindow {
  readonly spec: WindowSpec;
  /** The DESCRIPTOR column. */
  readonly timeColumn: string;
  /** `TABLE t PARTITION BY k` keys (session windows). */
  readonly partitionBy: readonly string[];
}

/** A planned (sub)query. */
export interface Relation {
  readonly node: PlanNode;
  readonly columns: readonly Column[];
  /** True when the rows form a changelog with updates (a non-windowed GROUP BY upstream). */
  readonly updating: boolean;
  /** What makes it updating, for error messages: "a non-windowed GROUP BY". */
  readonly changelogReason?: string;
  /** Columns that identify a row of an updating relation (its GROUP BY keys), when still in the output. */
  readonly upsertKey?: readonly string[];
  /**
   * True for an upsert stream (an upsert-kafka table): a row replaces the previous row of its
   * `upsertKey` without a `-U` before it, and a `-D` carries only the key.
   */
  readonly upsertOnly?: boolean;
  /** True when every source is bounded (the query ends by itself). */
  readonly bounded: boolean;
  readonly window?: PendingWindow;
}

/**
 * The row type the relation's node emits: its columns except the window bounds a pending window
 * TVF only announces.
 *
 * @example
 * rowTypeOf(relation) // ROW<`symbol` STRING, `price` DOUBLE>
 */
export function rowTypeOf(relation: Pick<Relation, 'columns'>): RowType {
  return DataTypes.ROW(relation.columns.filter((c) => c.windowBound === undefined).map((c) => ({ name: c.name, type: c.type })));
}

/**
 * The name SQL refers to a column by: its label, else its field name.
 *
 * @example
 * sqlName({ name: 'id0', label: 'id', type }) // 'id'
 */
export function sqlName(column: Column): string {
  return column.label ?? column.name;
}

/**
 * `name`, or `name0`, `name1`, … — the first not in `taken` (Flink's way of making select-list names
 * unique); the chosen name is added to `taken`.
 *
 * @example
 * uniqueName('a', new Set(['a'])) // 'a0'
 */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let i = 0; taken.has(candidate); i++) candidate = `${name}${i}`;
  taken.add(candidate);
  return candidate;
}
