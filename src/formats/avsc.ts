/**
 * avsc (the Avro library) loaded on first use, not when the engine starts: most jobs never read Avro,
 * and the library takes a noticeable part of a CLI start on a loaded machine.
 */
import { createRequire } from 'node:module';
import type avroModule from 'avsc';

/** The avsc module's type. */
export type Avsc = typeof avroModule;

let loaded: Avsc | undefined;

/**
 * The avsc module (loaded once, synchronously).
 *
 * @example
 * const type = avsc().Type.forSchema('int');
 */
export function avsc(): Avsc {
  loaded ??= createRequire(import.meta.url)('avsc') as Avsc;
  return loaded;
}
