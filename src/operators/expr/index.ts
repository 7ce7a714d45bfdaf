/**
 * The expression compiler: typed Expr trees (src/plan/expr) → JavaScript functions with SQL null
 * semantics, plus the runtime helpers generated code calls.
 *
 * @example
 * import { compilePredicate } from './index.ts';
 * const keep = compilePredicate(whereExpr, inputType); rows.filter(keep);
 */
export {
  compileExpr, compilePredicate, compileProjection, type CompiledExpr, type CompiledProjection, type ProjectedField,
  type CompileOptions,
} from './compile.ts';
export { RUNTIME_HELPERS, type RuntimeHelperName } from './runtime-helpers.ts';
export { buildCaster, type Caster } from './casts.ts';
export { textFormatter } from './value-text.ts';
