import {
  DataTypes, isCharacter, isComparable, isNumeric, notNull, typeToString, withNullability, type DataType,
} from '../../../core/data-types.ts';
import { cannotApply, type Expr } from '../../../plan/expr/index.ts';
import type { AggregateCall, AggregateFunctionName } from '../../../plan/relational-nodes.ts';
import type { FunctionCall } from '../ast/expressions.ts';
import type { PlanContext } from './context.ts';
import { at, fail } from './errors.ts';
import { bindExpr, type ExprScope } from './expressions.ts';
import { aggregateOf, walkAst } from './function-kinds.ts';

/**
 * An aggregate call of the SQL text → the plan's {@link AggregateCall}: arguments and FILTER bound
 * against the aggregate's input, arity and argument types checked, and Flink's result type:
 *
 * | function                         | result                                                        |
 * |----------------------------------|---------------------------------------------------------------|
 * | COUNT                            | BIGINT NOT NULL                                               |
 * | SUM                              | the argument's type (DECIMAL(p, s) → DECIMAL(38, s)), nullable |
 * | SUM0                             | as SUM, NOT NULL                                              |
 * | AVG, STDDEV_*, VAR_*             | the argument's type (integers stay integers, as in Flink; DECIMAL(p, s) → DECIMAL(38, max(s, 6))), nullable |
 * | MIN, MAX, FIRST_VALUE, LAST_VALUE| the argument's type, nullable                                 |
 * | LISTAGG                          | STRING, nullable                                              |
 *
 * @example
 * bindAggregate(parseExpression('SUM(shares) FILTER (WHERE price > 10)') as FunctionCall, 'SUM', scope, ctx, 'total')
 */
export function bindAggregate(ast: FunctionCall, fn: AggregateFunctionName, scope: ExprScope, ctx: PlanContext, name: string): AggregateCall {
  const inner: ExprScope = { ...scope, clause: `the argument of ${fn}(…)` };
  for (const arg of ast.args) {
    walkAst(arg, (e) => {
      if (aggregateOf(e) !== undefined) throw fail(e.pos, ctx.source, `aggregate calls cannot be nested (${fn}(… ${(e as FunctionCall).name.join('.')}(…) …))`);
    });
  }
  const args = ast.args.map((a) => bindExpr(a, inner, ctx));
  const filter = ast.filter === undefined ? undefined : bindExpr(ast.filter, { ...scope, clause: 'FILTER (WHERE …)' }, ctx);
  if (filter !== undefined && filter.type.kind !== 'BOOLEAN' && filter.type.kind !== 'NULL') {
    throw fail(ast.filter!.pos, ctx.source, `FILTER (WHERE …) needs a BOOLEAN condition, got ${typeToString(filter.type)}`);
  }
  const type = at(ast.pos, ctx.source, () => resultType(fn, ast, args));
  return Object.freeze({
    fn, args: Object.freeze(args), distinct: ast.distinct, ...(filter === undefined ? {} : { filter }), name, type,
  });
}

function resultType(fn: AggregateFunctionName, ast: FunctionCall, args: readonly Expr[]): DataType {
  const types = args.map((a) => a.type);
  if (fn === 'COUNT') {
    if (ast.star ? args.length > 0 : args.length === 0) throw cannotApply('COUNT', types, 'COUNT(*) | COUNT([DISTINCT] value)');
    return notNull(DataTypes.BIGINT());
  }
  if (ast.star) throw cannotApply(fn, types, `${fn}(value)`);
  if (fn === 'LISTAGG') {
    if (args.length < 1 || args.length > 2 || !types.every(textOrNull)) throw cannotApply(fn, types, 'LISTAGG(string [, separator])');
    if (args.length === 2 && args[1].kind !== 'literal') throw cannotApply(fn, types, 'LISTAGG(string [, separator literal])');
    return DataTypes.STRING();
  }
  if (args.length !== 1) throw cannotApply(fn, types, `${fn}(value)`);
  const t = types[0];
  switch (fn) {
    case 'SUM': case 'SUM0': {
      if (!isNumeric(t)) throw cannotApply(fn, types, `${fn}(numeric)`);
      const sum = t.kind === 'DECIMAL' ? DataTypes.DECIMAL(38, t.scale) : t;
      return withNullability(sum, fn === 'SUM');
    }
    case 'AVG': case 'STDDEV_POP': case 'STDDEV_SAMP': case 'VAR_POP': case 'VAR_SAMP':
      if (!isNumeric(t)) throw cannotApply(fn, types, `${fn}(numeric)`);
      return withNullability(t.kind === 'DECIMAL' ? DataTypes.DECIMAL(38, Math.max(t.scale, 6)) : t, true);
    case 'MIN': case 'MAX':
      if (!isComparable(t)) throw cannotApply(fn, types, `${fn}(comparable value)`);
      return withNullability(t.kind === 'NULL' ? DataTypes.NULL() : t, true);
    case 'FIRST_VALUE': case 'LAST_VALUE':
      return withNullability(t, true);
  }
  throw cannotApply(fn, types);
}

const textOrNull = (t: DataType): boolean => isCharacter(t) || t.kind === 'NULL';

