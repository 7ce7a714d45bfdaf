/**
 * The SQL front end's parser for Flink's SQL dialect: text → typed AST (every node with its
 * source position) → canonical SQL text again. Binding and planning live elsewhere.
 *
 * @example
 * import { parseScript, printStatement } from './index.ts';
 * for (const stmt of parseScript(jobSql)) console.log(stmt.kind, printStatement(stmt));
 */
export { parseStatement, parseScript, parseQuery, parseExpression, parseDataType } from './parser/index.ts';
export {
  printStatement, printScript, printQuery, printExpr, printDataType, printTableRef, quoteIdent, quoteString,
} from './printer/index.ts';
export { SqlParseError } from './sql-error.ts';
export { tokenize } from './lexer/lexer.ts';
export type { Token, TokenKind } from './lexer/tokens.ts';
export type { SourcePos, NodeBase } from './ast/node.ts';
export type * from './ast/expressions.ts';
export type * from './ast/queries.ts';
export type * from './ast/statements.ts';
export type * from './ast/types.ts';
