import {
  DataTypes, MAX_LENGTH, isInterval, leastRestrictive, type DataType,
} from '../../core/data-types.ts';
import { numericResultType, type ArithmeticOp } from './arithmetic-types.ts';
import { comparisonType } from './coercion.ts';
import { accepts, defineFunction, type FunctionDefinition } from './function-definition.ts';

/**
 * The SQL operators as functions named by their symbol: arithmetic (`+ - * / %`, MOD), comparison
 * (`= <> < <= > >=`) and string concatenation (`||`). Unary minus is `-` with one argument.
 *
 * Temporal arithmetic: DATE/TIME/TIMESTAMP ± INTERVAL keeps the temporal type (DATE + INTERVAL '25'
 * HOUR is the next day's DATE), INTERVAL ± INTERVAL of one kind, INTERVAL * number, INTERVAL / number.
 *
 * @example
 * lookupFunction('+')!.inferReturnType([DataTypes.INT(), DataTypes.BIGINT()]) // BIGINT
 */

const isNullType = (t: DataType): boolean => t.kind === 'NULL';

/** `temporal ± interval` → the temporal type; TIME takes only day-time intervals. */
function shiftedTemporal(t: DataType, i: DataType): DataType | undefined {
  if (!accepts.datetime(t) || isNullType(t) || !isInterval(i)) return undefined;
  if (t.kind === 'TIME' && i.kind !== 'INTERVAL_DAY_TIME') return undefined;
  return t;
}

function sameIntervals(a: DataType, b: DataType): DataType | undefined {
  return isInterval(a) && a.kind === b.kind ? leastRestrictive([a, b]) : undefined;
}

const numericBoth = (a: DataType, b: DataType): boolean => accepts.numeric(a) && accepts.numeric(b);

function arithmetic(op: ArithmeticOp, name: string, extra: (a: DataType, b: DataType) => DataType | undefined): FunctionDefinition {
  return defineFunction({
    name,
    syntax: name === 'MOD' ? 'MOD(numeric, numeric)' : `numeric ${op} numeric`,
    args: name === '-' ? [1, 2] : 2,
    returns: (ts) => {
      if (ts.length === 1) return accepts.numeric(ts[0]) || accepts.interval(ts[0]) ? ts[0] : undefined;
      const [a, b] = ts;
      return numericBoth(a, b) ? numericResultType(op, a, b) : extra(a, b);
    },
  });
}

const none = (): undefined => undefined;

function comparison(name: string, ordering: boolean): FunctionDefinition {
  return defineFunction({
    name,
    syntax: `value ${name} value`,
    args: 2,
    returns: ([a, b]) => (comparisonType(a, b, ordering) === undefined ? undefined : DataTypes.BOOLEAN()),
    coerce: ([a, b]) => {
      const common = comparisonType(a, b, ordering) as DataType;
      return [common, common];
    },
  });
}

const concat = defineFunction({
  name: '||',
  syntax: 'string || string',
  args: 2,
  returns: ([a, b]) => {
    if (!accepts.character(a) || !accepts.character(b)) return undefined;
    const length = (t: DataType) => (t.kind === 'CHAR' || t.kind === 'VARCHAR' ? t.length : 0);
    const total = Math.min(MAX_LENGTH, length(a) + length(b));
    return a.kind === 'CHAR' && b.kind === 'CHAR' ? DataTypes.CHAR(total) : DataTypes.VARCHAR(total);
  },
});

/** The operator definitions. */
export const OPERATOR_FUNCTIONS: readonly FunctionDefinition[] = [
  arithmetic('+', '+', (a, b) => shiftedTemporal(a, b) ?? shiftedTemporal(b, a) ?? sameIntervals(a, b)),
  arithmetic('-', '-', (a, b) => shiftedTemporal(a, b) ?? sameIntervals(a, b)),
  arithmetic('*', '*', (a, b) => (isInterval(a) && accepts.numeric(b) ? a : isInterval(b) && accepts.numeric(a) ? b : undefined)),
  arithmetic('/', '/', (a, b) => (isInterval(a) && accepts.numeric(b) ? a : undefined)),
  arithmetic('%', '%', none),
  arithmetic('%', 'MOD', none),
  comparison('=', false),
  comparison('<>', false),
  comparison('<', true),
  comparison('<=', true),
  comparison('>', true),
  comparison('>=', true),
  concat,
];
