import type { RowType } from '../../../core/data-types.ts';
import { closest } from '../../../connectors/table-options.ts';
import {
  and, between, binaryLiteral, booleanLiteral, builtinFunctions, call, caseWhen, cast, dateLiteral, field, fieldAccess, intervalLiteral,
  inList, is, isDistinctFrom, item, jsonQueryCall, jsonValueCall, like, lookupFunction, not, nullLiteral, numericLiteral, or,
  simpleCase, stringLiteral, timeLiteral, timestampLiteral, timeUnit, udfCall, type Expr, type JsonValueOnEmptyOrError,
} from '../../../plan/expr/index.ts';
import type { Expr as AstExpr, FunctionCall, JsonValue, JsonValueBehavior } from '../ast/expressions.ts';
import type { PlanContext, ScalarFunctionImplementation } from './context.ts';
import { toDataType } from './data-types.ts';
import { at, fail } from './errors.ts';
import { aggregateNames, aggregateOf, functionName, groupWindowOf, windowPropertyOf, WINDOW_TVFS } from './function-kinds.ts';
import { resolveName } from './names.ts';
import type { Column } from './relation.ts';

/**
 * What an expression is bound against: the columns in scope (and the row type of the node that
 * evaluates it), the clause (for messages such as "aggregate functions are not allowed in WHERE"),
 * and, in aggregate queries, a hook that replaces whole subtrees — aggregate calls, grouped
 * expressions, window properties — by fields of the aggregate's output.
 */
export interface ExprScope {
  readonly columns: readonly Column[];
  readonly rowType: RowType;
  readonly clause: string;
  readonly substitute?: (ast: AstExpr) => Expr | undefined;
}

/**
 * Binds a SQL AST expression to a typed {@link Expr} (the mapping is documented at the top of
 * src/plan/expr/expr.ts). Type errors of the Expr constructors come back as SqlValidationErrors at
 * the position of the node that failed.
 *
 * @example
 * const e = bindExpr(parseExpression('price * shares > 10000'), scope, ctx);
 */
export function bindExpr(ast: AstExpr, scope: ExprScope, ctx: PlanContext): Expr {
  const replaced = scope.substitute?.(ast);
  if (replaced !== undefined) return replaced;
  const bind = (e: AstExpr): Expr => bindExpr(e, scope, ctx);
  return at(ast.pos, ctx.source, () => bindNode(ast, bind, scope, ctx));
}

function bindNode(ast: AstExpr, bind: (e: AstExpr) => Expr, scope: ExprScope, ctx: PlanContext): Expr {
  switch (ast.kind) {
    case 'NumericLiteral': return numericLiteral(ast.text);
    case 'StringLiteral': return stringLiteral(ast.value);
    case 'BooleanLiteral': return booleanLiteral(ast.value);
    case 'NullLiteral': return nullLiteral();
    case 'BinaryLiteral': return binaryLiteral(ast.hex);
    case 'DateTimeLiteral':
      return ast.type === 'DATE' ? dateLiteral(ast.value) : ast.type === 'TIME' ? timeLiteral(ast.value) : timestampLiteral(ast.value);
    case 'IntervalLiteral': return intervalLiteral(ast.value, ast.qualifier, ast.negative);
    case 'Identifier': {
      const { column, fields } = resolveName(ast, scope.columns, ctx.source);
      if (column.windowBound !== undefined) {
        throw fail(ast.pos, ctx.source, `'${column.name}' of a window TVF can be used only in the GROUP BY and SELECT of a window aggregation (GROUP BY window_start, window_end, …)`);
      }
      let e: Expr = field(scope.rowType, column.name);
      for (const f of fields) e = fieldAccess(e, f);
      return e;
    }
    case 'FieldAccess': return fieldAccess(bind(ast.target), ast.field);
    case 'ItemAccess': return item(bind(ast.target), bind(ast.index));
    case 'Unary':
      if (ast.op === 'NOT') return not(bind(ast.operand));
      return ast.op === '-' ? negate(ast.operand, bind) : bind(ast.operand);
    case 'Binary': {
      const left = bind(ast.left);
      const right = bind(ast.right);
      if (ast.op === 'AND') return and(left, right);
      if (ast.op === 'OR') return or(left, right);
      return call(ast.op, [left, right]);
    }
    case 'Is': return is(bind(ast.operand), ast.test === 'UNKNOWN' || ast.test === 'NULL' ? 'null' : ast.test === 'TRUE' ? 'true' : 'false', ast.negated);
    case 'IsDistinctFrom': return isDistinctFrom(bind(ast.left), bind(ast.right), ast.negated);
    case 'Between': return between(bind(ast.operand), bind(ast.low), bind(ast.high), { negated: ast.negated, symmetric: ast.symmetric });
    case 'InList': return inList(bind(ast.operand), ast.list.map(bind), ast.negated);
    case 'Like':
      return like(bind(ast.operand), bind(ast.pattern), { escape: ast.escape && bind(ast.escape), negated: ast.negated, similar: ast.op === 'SIMILAR TO' });
    case 'Case': {
      const otherwise = ast.else === undefined ? undefined : bind(ast.else);
      if (ast.operand !== undefined) {
        const operand = bind(ast.operand);
        return simpleCase(operand, ast.whens.map((w) => ({ value: bind(w.when), then: bind(w.then) })), otherwise);
      }
      return caseWhen(ast.whens.map((w) => ({ when: bind(w.when), then: bind(w.then) })), otherwise);
    }
    case 'Cast': return cast(bind(ast.operand), toDataType(ast.type, ctx.source), ast.try);
    case 'FunctionCall': return bindCall(ast, bind, scope, ctx);
    case 'NiladicCall': return call(ast.name, []);
    case 'Extract': return call('EXTRACT', [timeUnit(ast.unit), bind(ast.source)]);
    case 'FloorCeil': return call(ast.fn, [bind(ast.operand), timeUnit(ast.unit)]);
    case 'Position': return call('POSITION', [bind(ast.needle), bind(ast.haystack)]);
    case 'Trim': {
      const name = ast.side === 'BOTH' ? 'TRIM' : ast.side === 'LEADING' ? 'LTRIM' : 'RTRIM';
      return call(name, ast.chars === undefined ? [bind(ast.source)] : [bind(ast.source), bind(ast.chars)]);
    }
    case 'Substring':
      return call('SUBSTRING', [bind(ast.source), bind(ast.start), ...(ast.length === undefined ? [] : [bind(ast.length)])]);
    case 'Overlay':
      return call('OVERLAY', [bind(ast.source), bind(ast.replacement), bind(ast.start), ...(ast.length === undefined ? [] : [bind(ast.length)])]);
    case 'TimestampAdd': return call('TIMESTAMPADD', [timeUnit(ast.unit), bind(ast.count), bind(ast.timestamp)]);
    case 'TimestampDiff': return call('TIMESTAMPDIFF', [timeUnit(ast.unit), bind(ast.start), bind(ast.end)]);
    case 'JsonValue': return bindJsonValue(ast, bind, ctx);
    case 'JsonQuery':
      return jsonQueryCall(bind(ast.json), bind(ast.path), { wrapper: ast.wrapper, onEmpty: ast.onEmpty, onError: ast.onError });
    case 'RowConstructor':
      return ast.fields.length === 1 && !ast.explicit ? bind(ast.fields[0]) : call('ROW', ast.fields.map(bind));
    case 'ArrayConstructor': return call('ARRAY', ast.elements.map(bind));
    case 'MapConstructor': return call('MAP', ast.entries.flatMap((m) => [bind(m.key), bind(m.value)]));
    case 'InSubquery': case 'Exists': case 'Subquery':
      throw fail(ast.pos, ctx.source, 'subqueries in expressions are not supported yet');
    case 'Descriptor': case 'TableArgument': case 'NamedArgument':
      throw fail(ast.pos, ctx.source, `${ast.kind === 'Descriptor' ? 'DESCRIPTOR(…)' : ast.kind === 'TableArgument' ? 'TABLE …' : 'a named argument'} is allowed only as an argument of a window table function (FROM TABLE(TUMBLE(…)))`);
  }
}

/** JSON_VALUE with its RETURNING type and ON EMPTY / ON ERROR clauses (DEFAULT values are bound here). */
function bindJsonValue(ast: JsonValue, bind: (e: AstExpr) => Expr, ctx: PlanContext): Expr {
  const clause = (b: JsonValueBehavior | undefined): JsonValueOnEmptyOrError | undefined =>
    b === undefined ? undefined : b.type === 'DEFAULT' ? { behavior: 'DEFAULT', value: bind(b.value) } : { behavior: b.type };
  const returning = ast.returning === undefined ? undefined : toDataType(ast.returning, ctx.source);
  return jsonValueCall(bind(ast.json), bind(ast.path), { returning, onEmpty: clause(ast.onEmpty), onError: clause(ast.onError) });
}

/** `-x`; a negative numeric literal stays a literal (so `-2147483648` is an INT, as in Flink). */
function negate(operand: AstExpr, bind: (e: AstExpr) => Expr): Expr {
  const inner = bind(operand);
  if (operand.kind === 'NumericLiteral' && inner.kind === 'literal' && typeof inner.value === 'number') {
    return Object.freeze({ ...inner, value: -inner.value });
  }
  return call('-', [inner]);
}

function bindCall(ast: FunctionCall, bind: (e: AstExpr) => Expr, scope: ExprScope, ctx: PlanContext): Expr {
  const name = functionName(ast);
  const displayName = ast.name.join('.');
  if (ast.over !== undefined) throw fail(ast.pos, ctx.source, `${displayName}(…) OVER … is not allowed in ${scope.clause}: OVER calls belong in the select list of a query without GROUP BY`);
  const aggregate = aggregateOf(ast);
  if (aggregate !== undefined) {
    throw fail(ast.pos, ctx.source, `aggregate function ${displayName}(…) is not allowed in ${scope.clause}`);
  }
  if (groupWindowOf(ast) !== undefined || WINDOW_TVFS.has(name)) {
    throw fail(ast.pos, ctx.source, `${name}(…) is a window: use ${name}(time_column, INTERVAL …) in GROUP BY, or FROM TABLE(${name}(TABLE t, DESCRIPTOR(time_column), INTERVAL …))`);
  }
  const property = windowPropertyOf(ast);
  if (property !== undefined) {
    throw fail(ast.pos, ctx.source, `${name} is allowed only in the SELECT list of a query grouped by ${property.window}(…), with the same arguments`);
  }
  if (ast.star) throw fail(ast.pos, ctx.source, `${displayName}(*) is allowed only for COUNT`);
  if (ast.distinct) throw fail(ast.pos, ctx.source, `DISTINCT is allowed only in aggregate functions, not in ${displayName}(…)`);
  if (ast.filter !== undefined) throw fail(ast.pos, ctx.source, `FILTER (WHERE …) is allowed only on aggregate functions, not on ${displayName}(…)`);
  const args = ast.args.map(bind);
  const udf = ctx.catalog.getFunction(ast.name);
  if (udf !== undefined) {
    const impl = udf.implementation as ScalarFunctionImplementation;
    if (typeof impl?.fn !== 'function' || impl.returnType === undefined) {
      throw fail(ast.pos, ctx.source, `function '${udf.name}' has no JavaScript implementation (register one with CREATE FUNCTION ${udf.name} AS 'path/to/module.ts:ExportName' or TableEnvironment.createTemporarySystemFunction)`);
    }
    return udfCall(udf.name, impl.fn, args, impl.returnType, impl.deterministic ?? true);
  }
  if (lookupFunction(name) === undefined || ast.name.length > 1) {
    const known = [...builtinFunctions().flatMap((f) => [f.name, ...f.aliases]), ...aggregateNames(), ...ctx.catalog.listFunctions()];
    const hint = closest(name, known.filter((n) => /^[A-Z_]/i.test(n)));
    throw fail(ast.pos, ctx.source, `unknown function '${displayName}'${hint === undefined ? '' : `; did you mean '${hint}'?`}`);
  }
  return call(name, args);
}

/**
 * True when the AST calls PROCTIME() (the expression is then a processing-time attribute).
 *
 * @example
 * isProctimeCall(parseExpression('PROCTIME()')) // true
 */
export function isProctimeCall(ast: AstExpr): boolean {
  return ast.kind === 'FunctionCall' && functionName(ast) === 'PROCTIME' && ast.args.length === 0;
}
