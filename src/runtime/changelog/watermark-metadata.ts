import { SluiceError } from '../../core/errors.ts';
import type { MarkerTableState } from '../../connectors/kafka/watermark-markers.ts';
import type { SplitWatermarkState } from '../split-watermarks.ts';

/** Marks a committed offset's metadata as a Sluice split watermark (other tools leave other text there). */
const PREFIX = 'sluice.wm/1 ';

/**
 * A split's watermark state (and, for a repartition topic, its producers' newest watermark markers) as the metadata string of its committed offset (Kafka Streams keeps a
 * task's stream time there), so a task resumed anywhere restores its event time with its position.
 * Numbers that JSON cannot hold (-Infinity: no record seen yet) are written as `{"$n":"-Infinity"}`.
 *
 * @example
 * encodeWatermarkMetadata({ maxTimestamp: 1_700_000_000_000, ended: false }) // 'sluice.wm/1 {"maxTimestamp":1700000000000,"ended":false}'
 */
export function encodeWatermarkMetadata(state: SplitWatermarkState | undefined, markers?: MarkerTableState): string {
  if (state === undefined && markers === undefined) return '';
  const value = markers === undefined ? state : { ...(state ?? { maxTimestamp: Number.NEGATIVE_INFINITY, ended: false }), markers };
  return PREFIX + JSON.stringify(value, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? { $n: String(value) } : value));
}

/**
 * The split watermark state in a committed offset's metadata, or undefined when it holds none (a
 * commit by another tool, or an empty string). Sluice's prefix followed by something else is an error.
 *
 * @example
 * decodeWatermarkMetadata('sluice.wm/1 {"maxTimestamp":{"$n":"-Infinity"},"ended":false}') // { maxTimestamp: -Infinity, ended: false }
 */
export function decodeWatermarkMetadata(metadata: string | undefined): (SplitWatermarkState & { readonly markers?: MarkerTableState }) | undefined {
  if (metadata === undefined || !metadata.startsWith(PREFIX)) return undefined;
  try {
    const state: unknown = JSON.parse(metadata.slice(PREFIX.length), (_key, value: unknown) =>
      (typeof value === 'object' && value !== null && typeof (value as { $n?: unknown }).$n === 'string' ? Number((value as { $n: string }).$n) : value));
    if (typeof (state as SplitWatermarkState | null)?.maxTimestamp === 'number') return state as SplitWatermarkState;
  } catch {
    // reported below
  }
  throw new SluiceError(`the split watermark in the offset's metadata is not readable: '${metadata.slice(0, 200)}'`);
}
