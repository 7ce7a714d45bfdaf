import { PlanError, SluiceError } from '../../core/errors.ts';

/**
 * An expression does not type-check: names the function or operator and the argument types, e.g.
 * "cannot apply '+' to STRING and INT". The binder adds the SQL position.
 *
 * @example
 * throw new ExprTypeError("cannot apply 'UPPER' to INT (expects UPPER(string))");
 */
export class ExprTypeError extends PlanError {}

/**
 * Evaluating an expression failed at run time: names the function and the value, e.g.
 * "CAST('abc' AS INT): not a number". The operator running the expression adds the record's origin.
 *
 * @example
 * throw new ExprEvalError("'/': division by zero (7 / 0)");
 */
export class ExprEvalError extends SluiceError {}
