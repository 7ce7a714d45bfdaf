import type { CallEmitter } from './compiler.ts';
import { AVRO_EMITTERS } from './emit-avro.ts';
import { CONDITIONAL_EMITTERS } from './emit-conditional.ts';
import { JSON_EMITTERS } from './emit-json.ts';
import { MATH_EMITTERS } from './emit-math.ts';
import { OPERATOR_EMITTERS } from './emit-operators.ts';
import { STRING_EMITTERS } from './emit-string.ts';
import { TEMPORAL_EMITTERS } from './emit-temporal.ts';

/**
 * The code emitter of every built-in function, by canonical name (the names of
 * src/plan/expr/function-catalog.ts; a test checks the two lists agree).
 *
 * @example
 * CALL_EMITTERS['UPPER']
 */
export const CALL_EMITTERS: Readonly<Record<string, CallEmitter>> = Object.freeze({
  ...OPERATOR_EMITTERS, ...STRING_EMITTERS, ...MATH_EMITTERS, ...TEMPORAL_EMITTERS, ...CONDITIONAL_EMITTERS, ...JSON_EMITTERS,
  ...AVRO_EMITTERS,
});
