/**
 * The `datagen` source: rows generated from a schema of field specs, like Flink's datagen connector.
 * Rows are dealt round-robin over the splits (row r goes to split r mod n), so sequence fields stay
 * unique across splits; each split draws its random fields from its own seeded stream.
 */
import type { Row } from '../../core/row.ts';
import type { Source, SourceContext, SourceReader, SourceSplit } from '../spi.ts';
import { compileSchema, fieldValue, type CompiledField, type DatagenRow, type DatagenSchema } from './field-specs.ts';
import { badPosition, GeneratorReader, generatorSplits, shareOf, splitIndexOf, type SplitGenerator } from './generator-reader.ts';
import { checkKnownOptions, numberOption } from './options.ts';
import { isRandomState, Random, type RandomState } from './random.ts';

/**
 * Options of {@link datagenSource}.
 *
 * @example
 * const options: DatagenOptions = { schema: { id: { kind: 'sequence' } }, numberOfRows: 100 };
 */
export interface DatagenOptions<S extends DatagenSchema = DatagenSchema> {
  readonly schema: S;
  /** Rows per second over all splits; absent = as fast as the job reads. */
  readonly rowsPerSecond?: number;
  /** Total rows over all splits; absent = unbounded (unless a sequence field has an `end`). */
  readonly numberOfRows?: number;
  /** Default 0: the same rows every run. */
  readonly seed?: number;
  /** Default 1. */
  readonly splits?: number;
}

/** What a datagen reader's `position()` returns. */
export interface DatagenPosition {
  /** Rows this split has produced. */
  readonly emitted: number;
  readonly random: RandomState;
}

const NAME = 'datagen';
const OPTIONS = ['schema', 'rowsPerSecond', 'numberOfRows', 'seed', 'splits'] as const;

/**
 * A source of generated rows. Event times are the first `timestamp` field's values (none if the
 * schema has no timestamp field). Bounded when `numberOfRows` is set or a sequence field has an end.
 *
 * @example
 * const orders = datagenSource({
 *   schema: {
 *     order_id: { kind: 'sequence', start: 1 },
 *     price: { kind: 'random-double', min: 1, max: 100, decimals: 2 },
 *     side: { kind: 'one-of', values: ['buy', 'sell'] },
 *     order_time: { kind: 'timestamp' },
 *   },
 *   rowsPerSecond: 10,
 * }); // Source<{ order_id: number; price: number; side: 'buy' | 'sell'; order_time: number }>
 */
export function datagenSource<const S extends DatagenSchema>(options: DatagenOptions<S>): Source<DatagenRow<S>> {
  checkKnownOptions(options, OPTIONS, NAME);
  const fields = compileSchema(options.schema);
  const rowsPerSecond = numberOption(options.rowsPerSecond, 'rowsPerSecond', undefined, { above: 0 });
  const numberOfRows = numberOption(options.numberOfRows, 'numberOfRows', undefined, { integer: true, min: 0 });
  const seed = numberOption(options.seed, 'seed', 0, { integer: true });
  const splitCount = numberOption(options.splits, 'splits', 1, { integer: true, min: 1 });
  let total = numberOfRows ?? Number.POSITIVE_INFINITY;
  for (const field of fields) {
    if (field.kind === 'sequence') total = Math.min(total, field.high - field.low + 1);
  }
  const timeField = fields.find((field) => field.kind === 'timestamp')?.name;
  return {
    name: NAME,
    bounded: total !== Number.POSITIVE_INFINITY,
    splits: () => generatorSplits(NAME, splitCount),
    createReader(split: SourceSplit, position: unknown, ctx: SourceContext): SourceReader<DatagenRow<S>> {
      const index = splitIndexOf(split, NAME, splitCount);
      const generator = new RowGenerator(fields, timeField, seed, index, splitCount, total, rowsPerSecond, () => ctx.now());
      if (position !== undefined && position !== null && !generator.restore(position)) throw badPosition(NAME, split, position);
      return new GeneratorReader(generator as SplitGenerator<DatagenRow<S>>, () => ctx.now(), rowsPerSecond !== undefined, timeField !== undefined);
    },
  };
}

class RowGenerator implements SplitGenerator<Row> {
  private readonly fields: readonly CompiledField[];
  private readonly timeField: string | undefined;
  private readonly random: Random;
  private readonly index: number;
  private readonly splitCount: number;
  private readonly share: number;
  private readonly msPerRow: number;
  private readonly now: () => number;
  private emitted = 0;

  constructor(
    fields: readonly CompiledField[], timeField: string | undefined, seed: number, index: number,
    splitCount: number, total: number, rowsPerSecond: number | undefined, now: () => number,
  ) {
    this.fields = fields;
    this.timeField = timeField;
    this.random = new Random(seed, index);
    this.index = index;
    this.splitCount = splitCount;
    this.share = shareOf(total, index, splitCount);
    this.msPerRow = rowsPerSecond === undefined ? 0 : (1000 * splitCount) / rowsPerSecond;
    this.now = now;
  }

  hasNext(): boolean {
    return this.emitted < this.share;
  }

  nextDueMs(): number {
    return this.emitted * this.msPerRow;
  }

  next(values: Row[], times: number[]): void {
    const rowIndex = this.index + this.emitted * this.splitCount;
    const row: Row = {};
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) row[fields[i].name] = fieldValue(fields[i], rowIndex, this.random, this.now);
    values.push(row);
    if (this.timeField !== undefined) times.push(row[this.timeField] as number);
    this.emitted++;
  }

  position(): DatagenPosition {
    return { emitted: this.emitted, random: this.random.getState() };
  }

  restore(position: unknown): boolean {
    const { emitted, random } = position as Partial<DatagenPosition>;
    if (!Number.isSafeInteger(emitted) || (emitted as number) < 0 || !isRandomState(random)) return false;
    this.emitted = emitted as number;
    this.random.setState(random);
    return true;
  }
}
