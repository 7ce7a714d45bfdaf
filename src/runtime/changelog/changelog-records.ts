import { SluiceError } from '../../core/errors.ts';
import type { StateCut, StateEntry, StateInfo } from '../../state/state-backend.ts';
import { decodeStateValue, encodeStateValue } from '../../state/state-value-codec.ts';
import type { StepRecord } from '../restore-check.ts';
import type { OperatorVertexSnapshot } from '../operator-vertex.ts';

/**
 * How an operator's state becomes changelog records and back. A record's key is a state entry's
 * address (state/state-key-codec.ts) and its value the encoded value, or null for a delete. The
 * address's first byte, the state index, is rewritten to the operator's changelog-wide index
 * (a backend numbers its states in the order a run opens them, which may differ between runs).
 * One reserved key holds what is not keyed state: the changelog's state list, the operator's
 * timers and small snapshot, its watermark and its step record (for the restore check).
 */

/** The reserved key: 0xff never starts an address (a backend has at most 255 states, indexes 0–254). */
export const OPERATOR_RECORD_KEY: Buffer = Buffer.concat([Buffer.of(0xff), Buffer.from('sluice.operator/1')]);

/** The value under {@link OPERATOR_RECORD_KEY}. */
export interface OperatorRecord {
  /** What each changelog state index means; only grows over the changelog's life. */
  readonly states: readonly StateInfo[];
  /** The operator vertex's snapshot without its keyed state (timers, operator snapshot, metrics, watermark). */
  readonly vertex: OperatorVertexSnapshot;
  readonly step: StepRecord | undefined;
}

/**
 * The changelog-wide numbering of an operator's states: restored from the last operator record,
 * extended when a run opens a state the changelog has not seen.
 *
 * @example
 * const registry = new ChangelogStates([]);
 * const remap = registry.remap(cut.states); // cut index → changelog index
 */
export class ChangelogStates {
  readonly #states: StateInfo[];

  constructor(restored: readonly StateInfo[]) {
    this.#states = [...restored];
  }

  get states(): readonly StateInfo[] {
    return this.#states;
  }

  /** For each of a cut's states, its changelog index (added at the end when new). */
  remap(states: readonly StateInfo[]): number[] {
    return states.map((info) => {
      let index = this.#states.findIndex((s) => s.name === info.name);
      if (index < 0) {
        if (this.#states.length >= 255) throw new SluiceError(`a changelog holds at most 255 named states; '${info.name}' is one too many`);
        index = this.#states.push(info) - 1;
      } else if (this.#states[index].kind !== info.kind || this.#states[index].expiring !== info.expiring) {
        this.#states[index] = info; // the restore check has accepted the new shape
      }
      return index;
    });
  }
}

/** A changelog record as sent: key and value bytes (null value: a delete). */
export interface ChangelogRecord {
  readonly key: Buffer;
  readonly value: Buffer | null;
}

/**
 * The records of a cut's entries, addresses renumbered to the changelog's state indexes.
 *
 * @example
 * for (const record of cutRecords(cut.entries(), registry.remap(cut.states))) send(record);
 */
export function* cutRecords(entries: Iterable<StateEntry>, remap: readonly number[]): IterableIterator<ChangelogRecord> {
  for (const [address, value] of entries) yield { key: renumber(address, remap[address[0]]), value: value ?? null };
}

/**
 * The operator record's value bytes.
 *
 * @example
 * const value = encodeOperatorRecord({ states, vertex: snapshot, step });
 */
export function encodeOperatorRecord(record: OperatorRecord): Buffer {
  return encodeStateValue({ states: record.states, vertex: { ...record.vertex, state: undefined }, step: record.step });
}

/**
 * Reads an operator record, failing with the topic and offset when it is not one.
 *
 * @example
 * const record = decodeOperatorRecord(value, 'app-agg-changelog', 0, 42);
 */
export function decodeOperatorRecord(value: Buffer, topic: string, partition: number, offset: number): OperatorRecord {
  let decoded: Partial<OperatorRecord> | undefined;
  try {
    decoded = decodeStateValue(value) as Partial<OperatorRecord>;
  } catch (error) {
    throw new SluiceError(`changelog '${topic}' partition ${partition} offset ${offset}: the operator record does not decode: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(decoded?.states) || typeof decoded?.vertex !== 'object') {
    throw new SluiceError(`changelog '${topic}' partition ${partition} offset ${offset}: not a Sluice operator record`);
  }
  return decoded as OperatorRecord;
}

/**
 * True for the key of the operator record.
 *
 * @example
 * const isOperator = isOperatorRecordKey(record.key);
 */
export function isOperatorRecordKey(key: Buffer): boolean {
  return key.length === OPERATOR_RECORD_KEY.length && key.equals(OPERATOR_RECORD_KEY);
}

/**
 * A cut whose entries are also handed, as changelog records, to `log` as they are read: the state
 * file writer pulls the entries once, and each reaches the changelog too.
 *
 * @example
 * const logged = teeCut(cut, registry.remap(cut.states), (record) => pending.push(record));
 */
export function teeCut(cut: StateCut, remap: readonly number[], log: (record: ChangelogRecord) => void): StateCut {
  return {
    states: cut.states,
    full: cut.full,
    estimatedEntries: cut.estimatedEntries,
    *entries() {
      for (const entry of cut.entries()) {
        const [address, value] = entry;
        log({ key: renumber(address, remap[address[0]]), value: value ?? null });
        yield entry;
      }
    },
    commit: () => cut.commit(),
    release: () => cut.release(),
  };
}

function renumber(address: Buffer, index: number | undefined): Buffer {
  if (index === undefined) throw new SluiceError(`a state entry names state #${address[0]}, which its cut does not list`);
  return index === address[0] ? address : Buffer.concat([Buffer.of(index), address.subarray(1)]);
}
