/**
 * The `sluice-memory` table connector, for tests and examples: a table is a named in-process
 * collection. Tests put rows in with {@link registerMemoryTable} (values in the engine's
 * representation or as JSON would have them: `'2024-01-01 10:00:00'` for a TIMESTAMP is converted);
 * a source replays them, bounded; a sink appends the rows of each committed checkpoint, readable
 * with {@link memoryTableRows}.
 */
import { ConfigError } from '../../core/errors.ts';
import type { Row } from '../../core/row.ts';
import { ROW_KIND } from '../../formats/row-kind.ts';
import { typedRowReader } from '../../formats/typed-row-reader.ts';
import { mapSink, mapSource } from '../mapped-connectors.ts';
import type { Sink, Source, SourceContext } from '../spi.ts';
import type { TableContext, TableFactory } from '../table-factory.ts';
import { memorySink } from './memory-sink.ts';
import { memorySource } from './memory-source.ts';

interface Collection {
  readonly rows: Row[];
  readonly times: number[];
}

const collections = new Map<string, Collection>();

/**
 * Puts rows into the named collection (replacing what it held). `times`, when given, are the rows'
 * event times as the source emits them.
 *
 * @example
 * registerMemoryTable('trades', [{ symbol: 'AAPL', ts: '2024-01-01 10:00:00' }]);
 */
export function registerMemoryTable(name: string, rows: readonly Row[], times?: readonly number[]): void {
  if (times !== undefined && times.length !== rows.length) {
    throw new ConfigError('times', `needs one time per row: ${rows.length} rows, ${times.length} times`);
  }
  collections.set(name, { rows: [...rows], times: times === undefined ? [] : [...times] });
}

/**
 * The rows a collection holds: registered ones, then those sinks committed, in commit order.
 *
 * @example
 * assert.deepEqual(memoryTableRows('big_trades'), [{ symbol: 'AAPL', n: 2 }]);
 */
export function memoryTableRows(name: string): Row[] {
  return collections.get(name)?.rows.slice() ?? [];
}

/**
 * Forgets one collection.
 *
 * @example
 * dropMemoryTable('batch_7');
 */
export function dropMemoryTable(name: string): void {
  collections.delete(name);
}

/**
 * Forgets every collection (between tests).
 *
 * @example
 * afterEach(() => clearMemoryTables());
 */
export function clearMemoryTables(): void {
  collections.clear();
}

/**
 * `'connector' = 'sluice-memory'`.
 *
 * @example
 * // CREATE TABLE results (symbol STRING, n BIGINT) WITH ('connector' = 'sluice-memory', 'name' = 'results')
 */
export const memoryTableFactory: TableFactory = {
  identifier: 'sluice-memory',
  description: 'a named in-process collection (tests): the source replays it, the sink appends to it',
  sourceCapability: 'insert-only',
  sinkCapability: 'changelog',
  options: [{ key: 'name', type: 'string', required: true, description: 'the name of the collection' }],
  createSource: createMemoryTableSource,
  createSink: createMemoryTableSink,
};

function createMemoryTableSource(ctx: TableContext): Source<Row> {
  const name = ctx.options['name'];
  const read = typedRowReader(ctx.schema);
  let replay: Source<Row> | undefined;
  const source: Source<Row> = {
    name: `sluice-memory:${name}`,
    bounded: true,
    // The collection is looked up when the job lists splits, so tests may register it after CREATE TABLE.
    splits(splitCtx: SourceContext) {
      const collection = collections.get(name);
      if (collection === undefined) {
        const known = [...collections.keys()].sort();
        throw new ConfigError('name', `no memory table '${name}' is registered; registered: ${known.length === 0 ? '(none)' : known.join(', ')}`);
      }
      const { rows, times } = collection;
      replay = memorySource(rows.slice(), times.length === rows.length ? { times: times.slice() } : {});
      return replay.splits(splitCtx);
    },
    createReader(split, position, readerCtx) {
      if (replay === undefined) throw new ConfigError('name', `memory table '${name}': createReader before splits()`);
      return replay.createReader(split, position, readerCtx);
    },
  };
  return mapSource(source, () => (row, origin) => read(row, origin));
}

function createMemoryTableSink(ctx: TableContext): Sink<Row> {
  const name = ctx.options['name'];
  if (!collections.has(name)) collections.set(name, { rows: [], times: [] });
  const columns = ctx.schema.fields.map((f) => f.name);
  const inner = memorySink<Row>(`sluice-memory:${name}`);
  let delivered = 0;
  return mapSink(inner, (values: Row[], times) => {
    // Only the table's columns (and the row kind) are kept, in declaration order.
    const out = new Array<Row>(values.length);
    for (let i = 0; i < values.length; i++) {
      const row: Row = {};
      for (const column of columns) row[column] = values[i][column] ?? null;
      if (values[i][ROW_KIND] !== undefined) row[ROW_KIND] = values[i][ROW_KIND];
      out[i] = row;
    }
    return { values: out, times };
  }, {
    // What the memory sink committed since the last commit joins the collection.
    afterCommit() {
      let collection = collections.get(name);
      if (collection === undefined) collections.set(name, (collection = { rows: [], times: [] }));
      for (; delivered < inner.values.length; delivered++) {
        collection.rows.push(inner.values[delivered]);
        collection.times.push(inner.times[delivered]);
      }
    },
  });
}
