/**
 * The typed expression tree (Expr), its checked constructors, literal helpers, the built-in function
 * catalog with Flink's type rules, and SQL printing. Compiled to JavaScript by src/operators/expr/.
 *
 * @example
 * import { call, field, numericLiteral, exprToString } from './index.ts';
 * exprToString(call('>', [field(t, 'price'), numericLiteral('100')])) // 'price > 100'
 */
export type {
  Expr, ExprKind, LiteralExpr, FieldExpr, FieldAccessExpr, ItemExpr, CallExpr, ScalarUdf, CastExpr, CaseBranch, CaseExpr,
  AndExpr, OrExpr, NotExpr, IsExpr, IsDistinctFromExpr, InExpr, BetweenExpr, LikeExpr,
} from './expr.ts';
export { childrenOf, referencedFields } from './expr.ts';
export {
  field, fieldAccess, item, call, rowOf, udfCall, cast, coerceTo, caseWhen, simpleCase, and, or, not, is, isNull, isNotNull,
  isDistinctFrom, inList, between, like,
} from './build.ts';
export {
  literal, nullLiteral, booleanLiteral, stringLiteral, numericLiteral, dateLiteral, timeLiteral, timestampLiteral,
  binaryLiteral, intervalLiteral, timeUnit, valueLiteral, type IntervalQualifierLike,
} from './literals.ts';
export {
  jsonValueCall, jsonQueryCall, type JsonValueOnEmptyOrError, type JsonValueOptions, type JsonQueryOptions,
} from './json-calls.ts';
export type { JsonQueryBehavior, JsonWrapper } from './functions-json-path.ts';
export { lookupFunction, builtinFunctions } from './function-catalog.ts';
export { type FunctionDefinition, type FunctionSpec, defineFunction, cannotApply, accepts } from './function-definition.ts';
export { numericResultType, decimalResultType, type ArithmeticOp } from './arithmetic-types.ts';
export { needsConversion, comparisonType } from './coercion.ts';
export { ExprTypeError, ExprEvalError } from './errors.ts';
export { exprToString } from './print.ts';
export type { TimeUnit } from './time-units.ts';
