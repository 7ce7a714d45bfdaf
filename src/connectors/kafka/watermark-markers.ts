import { SluiceError } from '../../core/errors.ts';
import type { WatermarkMarker } from './repartition-codec.ts';

/** The newest marker of each producer on one partition, as a reader's position keeps it (structured-cloneable). */
export interface MarkerTableState {
  /** How many producers write the partition, once a marker said so. */
  readonly producers?: number;
  /** [producer, watermark, idle] of each producer heard from. */
  readonly marks: readonly (readonly [number, number, boolean])[];
}

/**
 * The watermark of one partition of a repartition topic, from the watermark markers its producers
 * (the upstream sub-topology's tasks) write to it: the minimum over the producers that are not idle,
 * and none until every producer has reported once — a producer not heard from may still send
 * anything. When every producer is idle, the partition is idle (it holds no watermark back
 * downstream) and its watermark stays where it was. Only the newest marker of each producer counts
 * (markers of one producer arrive in order: it writes them in one partition, in its transactions).
 *
 * @example
 * const table = new MarkerTable();
 * table.update({ producer: 0, producers: 2, watermark: 5_000, idle: false });
 * table.watermark();  // undefined: producer 1 has not reported
 * table.update({ producer: 1, producers: 2, watermark: 3_000, idle: false });
 * table.watermark();  // 3000
 */
export class MarkerTable {
  private producers: number | undefined;
  private readonly marks = new Map<number, { watermark: number; idle: boolean }>();
  private readonly where: string;

  /** `where` names the partition in errors ("topic t partition 2"). */
  constructor(where = 'a repartition topic', restored?: MarkerTableState) {
    this.where = where;
    this.producers = restored?.producers;
    for (const [producer, watermark, idle] of restored?.marks ?? []) this.marks.set(producer, { watermark, idle });
  }

  /** Takes a producer's newest marker. A marker claiming another producer count than earlier ones is an error. */
  update(marker: WatermarkMarker): void {
    if (this.producers !== undefined && marker.producers !== this.producers) {
      throw new SluiceError(`${this.where}: a watermark marker of producer ${marker.producer} says ${marker.producers} producers write it, ` +
        `earlier markers said ${this.producers}: the upstream sub-topology changed its partition count; reset the application`);
    }
    this.producers = marker.producers;
    this.marks.set(marker.producer, { watermark: marker.watermark, idle: marker.idle });
  }

  /** Whether every producer has reported at least once. */
  complete(): boolean {
    return this.producers !== undefined && this.marks.size === this.producers;
  }

  /** The minimum over non-idle producers; undefined until all reported, or while all are idle. */
  watermark(): number | undefined {
    if (!this.complete()) return undefined;
    let min: number | undefined;
    for (const { watermark, idle } of this.marks.values()) {
      if (idle) continue;
      if (min === undefined || watermark < min) min = watermark;
    }
    return min;
  }

  /** True when every producer reported and all of them are idle. */
  idle(): boolean {
    if (!this.complete()) return false;
    for (const mark of this.marks.values()) if (!mark.idle) return false;
    return true;
  }

  /** True when every producer's input ended (watermark +∞): nothing more will come. */
  ended(): boolean {
    if (!this.complete()) return false;
    for (const mark of this.marks.values()) if (mark.watermark !== Number.POSITIVE_INFINITY) return false;
    return true;
  }

  snapshot(): MarkerTableState {
    const marks: [number, number, boolean][] = [];
    for (const [producer, { watermark, idle }] of this.marks) marks.push([producer, watermark, idle]);
    return this.producers === undefined ? { marks } : { producers: this.producers, marks };
  }
}
