import type { FunctionDefinition } from './function-definition.ts';
import { AVRO_FUNCTIONS } from './functions-avro.ts';
import { CONDITIONAL_FUNCTIONS } from './functions-conditional.ts';
import { JSON_FUNCTIONS } from './functions-json.ts';
import { MATH_FUNCTIONS } from './functions-math.ts';
import { OPERATOR_FUNCTIONS } from './functions-operators.ts';
import { STRING_FUNCTIONS } from './functions-string.ts';
import { TEMPORAL_FUNCTIONS } from './functions-temporal.ts';

/**
 * The built-in scalar functions by name: operators, string, math, temporal, conditional, JSON, Avro and
 * constructors. Names are case-insensitive; aliases resolve to the canonical definition.
 *
 * @example
 * lookupFunction('ceiling')?.name // 'CEIL'
 */
const ALL: readonly FunctionDefinition[] = [
  ...OPERATOR_FUNCTIONS, ...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...TEMPORAL_FUNCTIONS, ...CONDITIONAL_FUNCTIONS, ...JSON_FUNCTIONS,
  ...AVRO_FUNCTIONS,
];

const BY_NAME = new Map<string, FunctionDefinition>();
for (const def of ALL) {
  for (const name of [def.name, ...def.aliases]) {
    if (BY_NAME.has(name)) throw new Error(`built-in function '${name}' is defined twice`);
    BY_NAME.set(name, def);
  }
}

/**
 * The built-in function called `name` (any case, aliases included), or undefined.
 *
 * @example
 * lookupFunction('char_length')!.inferReturnType([DataTypes.STRING()]) // INT
 */
export function lookupFunction(name: string): FunctionDefinition | undefined {
  return BY_NAME.get(name.toUpperCase());
}

/**
 * Every built-in definition once (canonical names).
 *
 * @example
 * builtinFunctions().map((f) => f.name)
 */
export function builtinFunctions(): readonly FunctionDefinition[] {
  return ALL;
}
