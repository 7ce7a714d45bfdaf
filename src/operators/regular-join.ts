import type { Batch } from '../core/batch.ts';
import { PlanError } from '../core/errors.ts';
import type { Row } from '../core/row.ts';
import { ROW_KIND, type RowKind } from '../formats/row-kind.ts';
import type { RegularJoinNodeFields } from '../plan/relational-nodes.ts';
import type { MapState, ValueState } from '../state/keyed-state.ts';
import type { CompileOptions } from './expr/compile.ts';
import { compilePredicate } from './expr/compile.ts';
import { NO_MATCH, compileJoinKey } from './interval-join-config.ts';
import { checkJoinOutputFields, checkKeysPairUp } from './join-config-checks.ts';
import { compileJoinRow } from './join-row.ts';
import { BaseOperator, type OperatorContext } from './operator.ts';
import { PendingOutput } from './pending-output.ts';
import { rowIdentity } from './row-identity.ts';

/** What {@link RegularJoinOperator} needs of a regular-join node. */
export type RegularJoinConfig = Omit<RegularJoinNodeFields, 'kind'>;

/** Metric (counter): retractions of rows the state did not hold (expired by TTL, or never seen). */
export const JOIN_RETRACTIONS_NOT_FOUND = 'joinRetractionsNotFound';

/** The state each side's rows are held in, per join key. */
const LEFT_ROWS = 'regular-join-left';
const RIGHT_ROWS = 'regular-join-right';
/** An upsert input's latest row per upsert key. */
const LEFT_LATEST = 'regular-join-left-latest';
const RIGHT_LATEST = 'regular-join-right-latest';

/**
 * The backend key an upsert input's latest rows live under: an object, so it never equals a join key
 * (a value, an array of values, or a hashed string).
 */
function upsertStateKey(isLeft: boolean, key: string): unknown {
  return { upsert: isLeft ? 'left' : 'right', key };
}

/** The side of a row nothing matched: every column of it reads as NULL. */
const NO_ROW: Row = Object.freeze({}) as Row;

/** Marks "no key selected by this operator", so the first record always sets the backend's key. */
const NO_KEY: unique symbol = Symbol('no key');

/**
 * One distinct row of a side under a join key: the row (its columns only), how many copies of it are
 * held (a multiset, as Flink's state for an input without a unique key), and how many rows of the
 * other side it currently pairs with (kept on a preserved side only: it decides when its padded row
 * is emitted and retracted).
 */
interface HeldRow {
  row: Row;
  count: number;
  matches: number;
}

/** One input as the operator sees it. */
interface Side {
  readonly isLeft: boolean;
  readonly keyOf: (row: Row) => unknown;
  /** The identity of a row: equal column values, equal identity. */
  readonly identity: (row: Row) => string;
  /** The row's columns without its kind, as held in state. */
  readonly columnsOf: (row: Row) => Row;
  /** The preserved side of an outer join: it is emitted null-padded while nothing matches it. */
  readonly outer: boolean;
  rows: MapState<string, HeldRow>;
  /** An upsert input: the key of its rows, and each key's latest row (under {@link upsertStateKey}). */
  readonly upsertKey: ((row: Row) => string) | undefined;
  latest: ValueState<Row>;
}

/**
 * A regular join of two relations (input 0 = left, 1 = right), as Flink's StreamingJoinOperator:
 * INNER, LEFT, RIGHT and FULL OUTER, on SQL-equal keys plus a condition over the joined row. Either
 * input may be a changelog: `+I`/`+U` rows add to their side's state, `-U`/`-D` rows take a copy away.
 *
 * Every row is held in keyed state (per join key, a map from the row's identity to the row, its
 * multiplicity and, on a preserved side, how many partners it has), so the state lives behind the
 * StateBackend interface and is checkpointed with it. An arriving row probes the other side's rows
 * of its key and emits, for each partner the condition accepts, the joined row with the arriving
 * row's kind (`+I`/`+U` adds a pair, `-U`/`-D` retracts one). An outer join emits a preserved row
 * null-padded (with its own kind) while it has no partner; when its first partner arrives the padded
 * row is retracted (`-D`) before the pair is added (`+I`), and when its last partner leaves it comes
 * back (`+I`) — the rules of Flink's StreamingJoinOperator.
 * A row with a NULL key part matches nothing and is not held (an outer join emits or retracts it padded
 * at once). Materialising the output (+I/+U add a row, -U/-D remove one) gives the batch join of the
 * inputs' materialised tables.
 *
 * An upsert input (`leftUpsertKey`/`rightUpsertKey`: an upsert-kafka table, whose rows replace the
 * previous row of their key and whose deletes carry only the key) is normalised first, as Flink's
 * ChangelogNormalize does: the operator keeps each upsert key's latest row, so a replacement retracts
 * the old row's pairs (`-U`) and adds the new row's (`+U`), and a delete retracts the deleted row.
 *
 * With `stateTtlMs` the held rows expire that long (processing time) after their last write, as
 * Flink's `table.exec.state.ttl`: an expired row joins nothing more, and a retraction of it is counted
 * in `joinRetractionsNotFound` and still retracts the pairs it formed with the rows still held.
 *
 * @example
 * // SELECT o.id, c.name FROM orders o LEFT JOIN customers c ON o.customer = c.id
 * const op = new RegularJoinOperator({
 *   leftType: orders, rightType: customers,
 *   leftKeys: [field(orders, 'customer')], rightKeys: [field(customers, 'id')], joinType: 'left',
 *   outputFields: [{ side: 'left', field: 'id', name: 'id' }, { side: 'right', field: 'name', name: 'name' }],
 *   outputType,
 * });
 */
export class RegularJoinOperator extends BaseOperator<Row, Row> {
  readonly #left: Side;
  readonly #right: Side;
  readonly #build: (left: Row, right: Row) => Row;
  readonly #condition: ((row: Row) => boolean) | undefined;
  readonly #ttlMs: number;
  readonly #out = new PendingOutput<Row>();
  readonly #emit = (batch: Batch<Row>): void => this.ctx.emit(batch);

  constructor(config: RegularJoinConfig, label = 'regular-join', options?: CompileOptions) {
    super();
    checkRegularJoinConfig(config, label);
    const { joinType } = config;
    this.#left = side(true, config.leftKeys, config.leftType, joinType === 'left' || joinType === 'full', config.leftUpsertKey, options);
    this.#right = side(false, config.rightKeys, config.rightType, joinType === 'right' || joinType === 'full', config.rightUpsertKey, options);
    this.#build = compileJoinRow(config.outputFields, 'left');
    this.#condition = config.condition === undefined ? undefined : compilePredicate(config.condition, config.outputType, options);
    this.#ttlMs = config.stateTtlMs ?? 0;
  }

  override open(ctx: OperatorContext<Row>): void {
    super.open(ctx);
    const ttl = this.#ttlMs > 0 ? { ttl: this.#ttlMs } : undefined;
    this.#left.rows = ctx.state.mapState<string, HeldRow>(LEFT_ROWS, ttl);
    this.#right.rows = ctx.state.mapState<string, HeldRow>(RIGHT_ROWS, ttl);
    this.#left.latest = ctx.state.valueState<Row>(LEFT_LATEST, ttl);
    this.#right.latest = ctx.state.valueState<Row>(RIGHT_LATEST, ttl);
  }

  processBatch(batch: Batch<Row>, input: number): void {
    const mine = input === 0 ? this.#left : this.#right;
    const other = input === 0 ? this.#right : this.#left;
    const { values, times } = batch;
    const state = this.ctx.state;
    // The key cache lives for one batch: between calls something else may move the backend's key.
    let currentKey: unknown = NO_KEY;
    for (let i = 0; i < values.length; i++) {
      const row = values[i];
      const kind = (row[ROW_KIND] as RowKind | undefined) ?? 'insert';
      const adds = kind === 'insert' || kind === 'update-after';
      if (!adds && kind !== 'update-before' && kind !== 'delete') {
        throw new PlanError(`regular-join '${this.ctx.id}': a row of the ${mine.isLeft ? 'left' : 'right'} input has an unknown kind '${String(kind)}'`);
      }
      if (mine.upsertKey !== undefined) {
        this.#upsert(mine, other, row, adds, times[i]);
        currentKey = NO_KEY;
        continue;
      }
      const key = mine.keyOf(row);
      if (key === NO_MATCH) {
        if (mine.outer) this.#push(this.#padded(mine, row), kind, times[i]);
        continue;
      }
      if (key !== currentKey) {
        state.setCurrentKey(key);
        currentKey = key;
      }
      if (adds) this.#add(mine, other, row, kind, times[i]);
      else this.#retract(mine, other, row, kind, times[i]);
    }
    this.#out.flush(this.#emit);
  }

  /**
   * A row of an upsert input: it replaces its key's latest row (retracted as `-U`, then added as
   * `+U`), or is the first (`+I`); a `-D` retracts the row it deletes (its other columns may be NULL);
   * a `-U` says nothing the `+U` after it does not.
   */
  #upsert(mine: Side, other: Side, row: Row, adds: boolean, time: number): void {
    const kind = row[ROW_KIND];
    if (kind === 'update-before') return;
    const state = this.ctx.state;
    const at = upsertStateKey(mine.isLeft, mine.upsertKey!(row));
    state.setCurrentKey(at);
    const previous = mine.latest.value();
    if (adds) mine.latest.update(mine.columnsOf(row));
    else if (previous !== undefined) mine.latest.clear();
    if (previous === undefined && !adds) {
      this.ctx.metrics.add(JOIN_RETRACTIONS_NOT_FOUND, 1);
      return;
    }
    if (previous !== undefined) this.#route(mine, other, previous, false, adds ? 'update-before' : 'delete', time);
    if (adds) this.#route(mine, other, row, true, previous === undefined ? 'insert' : 'update-after', time);
  }

  /** Adds or retracts a row under its join key (padded at once when the key has a NULL part). */
  #route(mine: Side, other: Side, row: Row, adds: boolean, kind: RowKind, time: number): void {
    const key = mine.keyOf(row);
    if (key === NO_MATCH) {
      if (mine.outer) this.#push(this.#padded(mine, row), kind, time);
      return;
    }
    this.ctx.state.setCurrentKey(key);
    if (adds) this.#add(mine, other, row, kind, time);
    else this.#retract(mine, other, row, kind, time);
  }

  /** A `+I`/`+U` row: pairs with the other side's rows, then joins its own side's state. */
  #add(mine: Side, other: Side, row: Row, kind: RowKind, time: number): void {
    const partners = this.#partners(mine, other, row);
    let matches = 0;
    for (const [id, held, joined] of partners) {
      if (other.outer && held.matches === 0) this.#pushTimes(this.#padded(other, held.row), 'delete', time, held.count);
      // After a padded row's -D the pair is an insert, not the second half of an update (as in Flink).
      this.#pushTimes(joined, other.outer ? 'insert' : kind, time, held.count);
      matches += held.count;
      if (other.outer) {
        held.matches++;
        other.rows.put(id, held);
      }
    }
    if (matches === 0 && mine.outer) this.#push(this.#padded(mine, row), kind, time);
    const id = mine.identity(row);
    const held = mine.rows.get(id);
    if (held === undefined) mine.rows.put(id, { row: mine.columnsOf(row), count: 1, matches });
    else {
      held.count++;
      held.matches = matches;
      // Written back: a backend may hold copies, and the write refreshes the entry's TTL.
      mine.rows.put(id, held);
    }
  }

  /** A `-U`/`-D` row: retracts its pairs (bringing back partners' padded rows), then leaves its side's state. */
  #retract(mine: Side, other: Side, row: Row, kind: RowKind, time: number): void {
    const id = mine.identity(row);
    const held = mine.rows.get(id);
    if (held === undefined) this.ctx.metrics.add(JOIN_RETRACTIONS_NOT_FOUND, 1);
    else if (held.count <= 1) mine.rows.remove(id);
    else {
      held.count--;
      mine.rows.put(id, held);
    }
    const partners = this.#partners(mine, other, row);
    let matches = 0;
    for (const [otherId, partner, joined] of partners) {
      this.#pushTimes(joined, kind, time, partner.count);
      matches += partner.count;
      if (!other.outer) continue;
      partner.matches = Math.max(0, partner.matches - 1);
      if (partner.matches === 0) this.#pushTimes(this.#padded(other, partner.row), 'insert', time, partner.count);
      other.rows.put(otherId, partner);
    }
    if (matches === 0 && mine.outer) this.#push(this.#padded(mine, row), kind, time);
  }

  /**
   * The other side's held rows of the current key that pair with `row` (the condition holds on the
   * joined row), with the joined row. Gathered first: the state is not written while it is iterated.
   */
  #partners(mine: Side, other: Side, row: Row): [string, HeldRow, Row][] {
    const found: [string, HeldRow, Row][] = [];
    if (other.rows.isEmpty()) return found;
    const build = this.#build;
    const condition = this.#condition;
    for (const [id, held] of other.rows.entries()) {
      const joined = mine.isLeft ? build(row, held.row) : build(held.row, row);
      if (condition !== undefined && !condition(joined)) continue;
      found.push([id, held, joined]);
    }
    return found;
  }

  #padded(side: Side, row: Row): Row {
    return side.isLeft ? this.#build(row, NO_ROW) : this.#build(NO_ROW, row);
  }

  #push(row: Row, kind: RowKind, time: number): void {
    row[ROW_KIND] = kind;
    this.#out.push(row, time);
  }

  /** `count` copies of a row (a partner held several times pairs several times). */
  #pushTimes(row: Row, kind: RowKind, time: number, count: number): void {
    this.#push(row, kind, time);
    for (let n = 1; n < count; n++) this.#push({ ...row }, kind, time);
  }
}

function side(
  isLeft: boolean, keys: RegularJoinConfig['leftKeys'], type: RegularJoinConfig['leftType'], outer: boolean,
  upsertKey: readonly string[] | undefined, options?: CompileOptions,
): Side {
  const names = type.fields.map((f) => f.name);
  return {
    isLeft, outer,
    upsertKey: upsertKey === undefined ? undefined : (row) => rowIdentity(row, upsertKey),
    latest: undefined as unknown as ValueState<Row>,
    keyOf: compileJoinKey(keys, type, options),
    identity: (row) => rowIdentity(row, names),
    columnsOf: (row) => {
      const copy: Row = {};
      for (const name of names) copy[name] = row[name] ?? null;
      return copy;
    },
    rows: undefined as unknown as MapState<string, HeldRow>,
  };
}

/**
 * Checks what the planner built, so a mistake shows when the job is built, naming the node.
 *
 * @example
 * checkRegularJoinConfig(config, "regular-join 'j'"); // throws a PlanError if e.g. the keys do not pair up
 */
export function checkRegularJoinConfig(config: RegularJoinConfig, label: string): void {
  const { joinType } = config;
  if (joinType !== 'inner' && joinType !== 'left' && joinType !== 'right' && joinType !== 'full') {
    throw new PlanError(`${label}: join type must be 'inner', 'left', 'right' or 'full', got '${String(joinType)}'`);
  }
  checkKeysPairUp(config, label);
  for (const [key, type, which] of [[config.leftUpsertKey, config.leftType, 'left'], [config.rightUpsertKey, config.rightType, 'right']] as const) {
    if (key === undefined) continue;
    const missing = key.filter((k) => !type.fields.some((f) => f.name === k));
    if (key.length === 0 || missing.length > 0) throw new PlanError(`${label}: the ${which} upsert key [${key.join(', ')}] must name columns of the ${which} input`);
  }
  if (config.stateTtlMs !== undefined && !(Number.isFinite(config.stateTtlMs) && config.stateTtlMs >= 0)) {
    throw new PlanError(`${label}: the state TTL must be a finite number of ms >= 0, got ${config.stateTtlMs}`);
  }
  checkJoinOutputFields(config, label);
}
