export { printExpr, printWindowSpec, printOrderItems } from './expressions.ts';
export { printQuery, printTableRef, printHints } from './queries.ts';
export { printStatement, printScript } from './statements.ts';
export { printDataType, printIntervalQualifier } from './types.ts';
export { quoteIdent, quoteString, printName } from './identifiers.ts';
