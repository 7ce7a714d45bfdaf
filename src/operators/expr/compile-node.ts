import { findField, type RowType } from '../../core/data-types.ts';
import { ExprTypeError } from '../../plan/expr/errors.ts';
import type { CallExpr, Expr, ExprKind, FieldAccessExpr, ItemExpr } from '../../plan/expr/expr.ts';
import { lookupFunction } from '../../plan/expr/function-catalog.ts';
import { CALL_EMITTERS } from './call-emitters.ts';
import { CodeGen, NULL_OPERAND, unionGuards, type Operand } from './codegen.ts';
import { compileCast, compileLike } from './compile-cast.ts';
import {
  compileAnd, compileBetween, compileCase, compileIn, compileIs, compileIsDistinctFrom, compileNot, compileOr, falseTest,
  junctionCondition, trueTest,
} from './compile-logic.ts';
import type { ExprCompiler } from './compiler.ts';

/** Options for compiled expressions. */
export interface CompileOptions {
  /** The clock NOW(), CURRENT_TIMESTAMP, PROCTIME() … read (epoch ms); `Date.now` by default. Tests pin it. */
  readonly now?: () => number;
}

type NodeCompilers = { readonly [K in ExprKind]: (e: Extract<Expr, { kind: K }>, c: ExprCompiler) => Operand };

/**
 * One compiler per node kind — a table keyed by kind, so a new Expr kind fails to compile here
 * until it has code generation.
 */
const NODES: NodeCompilers = {
  literal: (e, c) => (e.value === null ? NULL_OPERAND : { code: c.g.literal(e.value), guards: [] }),
  field: () => { throw new Error('fields are read by the compiler'); },
  'field-access': compileFieldAccess,
  item: compileItem,
  call: compileCall,
  cast: compileCast,
  case: compileCase,
  and: compileAnd,
  or: compileOr,
  not: compileNot,
  is: compileIs,
  'is-distinct-from': compileIsDistinctFrom,
  in: compileIn,
  between: compileBetween,
  like: compileLike,
};

function compileFieldAccess(e: FieldAccessExpr, c: ExprCompiler): Operand {
  const target = c.g.atom(c.node(e.target));
  if (target.isNull) return NULL_OPERAND;
  return c.g.nullable(target.guards, `(${target.code}[${JSON.stringify(e.field)}] ?? null)`);
}

function compileItem(e: ItemExpr, c: ExprCompiler): Operand {
  const target = c.node(e.target);
  const index = c.node(e.index);
  if (target.isNull || index.isNull) return NULL_OPERAND;
  const helper = c.g.helper(e.target.type.kind === 'MAP' ? 'mapItem' : 'arrayItem');
  return c.g.nullable(unionGuards([target, index]), `${helper}(${target.code}, ${index.code})`);
}

function compileCall(e: CallExpr, c: ExprCompiler): Operand {
  if (e.udf !== undefined) {
    const ops = e.args.map((a) => c.node(a));
    if (ops.some((o) => o.isNull)) return NULL_OPERAND;
    return c.g.nullable(unionGuards(ops), `(${c.g.constant(e.udf.fn)}(${ops.map((o) => o.code).join(', ')}) ?? null)`);
  }
  const emitter = CALL_EMITTERS[e.name];
  if (emitter === undefined) throw new ExprTypeError(`no code generation for function '${e.name}'`);
  if (emitter.custom) return emitter.emit(e, c);
  let ops = e.args.map((a) => c.node(a));
  if (ops.some((o) => o.isNull)) return NULL_OPERAND;
  if (emitter.multiUse) ops = ops.map((o) => c.g.atom(o));
  const code = emitter.emit(ops.map((o) => o.code), e, c);
  const guards = unionGuards(ops);
  const def = lookupFunction(e.name);
  return def !== undefined && def.producesNull(e.args.map((a) => a.type)) ? c.g.nullable(guards, code) : { code, guards };
}

/**
 * A compiler for expressions over rows of `inputType`. Every input field an expression reads is
 * loaded once, at the top of the generated function (`const f0 = row["price"] ?? null;`), so
 * branches and repeated uses share it; NOT NULL fields are read as they are.
 *
 * @example
 * const c = createCompiler(t); const op = c.node(priceExpr); c.g.build('row', `return ${c.g.valueOf(op)};`)
 */
export function createCompiler(inputType: RowType, options: CompileOptions = {}): ExprCompiler {
  const g = new CodeGen();
  const fields = new Map<string, Operand>();
  let clock: string | undefined;
  const readField = (name: string): Operand => {
    let op = fields.get(name);
    if (op === undefined) {
      const f = findField(inputType, name);
      if (f === undefined) throw new ExprTypeError(`unknown field '${name}' (the input has ${inputType.fields.map((x) => x.name).join(', ') || 'no fields'})`);
      const v = `f${fields.size}`;
      g.emitPrologue(`const ${v} = row[${JSON.stringify(name)}]${f.type.nullable ? ' ?? null' : ''};`);
      op = { code: v, guards: f.type.nullable ? [v] : [] };
      fields.set(name, op);
    }
    return op;
  };
  const c: ExprCompiler = {
    g,
    node(e: Expr): Operand {
      if (e.kind === 'field') return readField(e.name);
      return (NODES[e.kind] as (x: Expr, c: ExprCompiler) => Operand)(e, c);
    },
    condition(e: Expr): string {
      if (e.kind === 'and' || e.kind === 'or') return junctionCondition(e.kind, e.operands, c);
      if (e.kind === 'not') return falseTest(c.node(e.operand));
      return trueTest(c.node(e));
    },
    clock(): string {
      clock ??= g.constant(options.now ?? Date.now);
      return clock;
    },
  };
  return c;
}
