/**
 * What the table-factory tests share: a validated TableContext for a factory, and running a built
 * source into a built sink through the public `run` with a Dataflow.
 */
import { Dataflow } from '../../src/api/dataflow/index.ts';
import { DataTypes, type DataType, type RowType } from '../../src/core/data-types.ts';
import type { Row } from '../../src/core/row.ts';
import { memorySink } from '../../src/connectors/memory/memory-sink.ts';
import type { Sink, Source } from '../../src/connectors/spi.ts';
import { validateTableOptions, type TableContext, type TableFactory } from '../../src/connectors/table-factory.ts';
import { run } from '../../src/engine/run.ts';

/** A row type from `[name, type]` pairs. */
export function rowType(...fields: [string, DataType][]): RowType {
  return DataTypes.ROW(fields.map(([name, type]) => ({ name, type })));
}

/** The context a registry would give the factory for table `t` with these columns and options. */
export function tableContext(factory: TableFactory, schema: RowType, options: Record<string, string>, extra: Partial<TableContext> = {}): TableContext {
  return {
    table: 't',
    schema,
    metadataColumns: [],
    ...extra,
    options: validateTableOptions(factory, options, "table 't'", schema.fields.map((f) => f.name)),
  };
}

/** Runs `source` into `sink` (default: a memory sink whose committed rows are returned). */
export async function runTable(source: Source<Row>, sink?: Sink<Row>): Promise<Row[]> {
  const collected = memorySink<Row>();
  const flow = new Dataflow('table-test');
  flow.input('in', source).output('out', sink ?? collected);
  await run(flow, { handleSignals: false });
  return collected.values;
}
