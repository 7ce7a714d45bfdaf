/**
 * Where a node (or token) starts in the SQL text: 1-based line and column, 0-based offset.
 * Every AST node carries one so the binder can point its errors at the offending text.
 *
 * @example
 * const pos: SourcePos = { line: 3, column: 12, offset: 57 };
 */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/**
 * The fields every AST node has.
 *
 * @example
 * interface Foo extends NodeBase { readonly kind: 'Foo' }
 */
export interface NodeBase {
  readonly pos: SourcePos;
}
