/**
 * The public API's doc-comment gaps: every export of 'sluice' (src/index.ts) and 'sluice/testing'
 * (src/testing/index.ts), followed through re-exports to where it is declared, must have a doc comment,
 * and a function or class one with an `@example`.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The public entry points, as package.json's `exports` maps them. */
export const ENTRY_POINTS = { sluice: 'src/index.ts', 'sluice/testing': 'src/testing/index.ts' } as const;

/** What the public API's doc comments lack, as `entry: name (file)` lines. */
export interface DocGaps {
  /** Exports without a doc comment. */
  readonly undocumented: readonly string[];
  /** Exported functions and classes whose doc comment has no `@example`. */
  readonly withoutExample: readonly string[];
}

/**
 * The exports of the entry points that lack a doc comment, and the functions and classes among them
 * that lack an `@example`.
 *
 * @example
 * for (const missing of publicDocGaps(process.cwd()).undocumented) console.error(missing);
 */
export function publicDocGaps(root: string): DocGaps {
  const files = Object.values(ENTRY_POINTS).map((f) => join(root, f));
  const program = ts.createProgram({ rootNames: files, options: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true } });
  const checker = program.getTypeChecker();
  const undocumented: string[] = [];
  const withoutExample: string[] = [];
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(root, file));
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`${file}: not a module`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      const where = declarations[0] === undefined ? '' : ` (${relative(root, declarations[0].getSourceFile().fileName)})`;
      if (!declarations.some(isDocumented)) undocumented.push(`${entry}: ${exported.name}${where}`);
      else if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class) && !declarations.some(hasExample)) {
        withoutExample.push(`${entry}: ${exported.name}${where}`);
      }
    }
  }
  return { undocumented, withoutExample };
}

function commentedNode(declaration: ts.Declaration): ts.Node {
  // A variable's comment sits on its statement (`/** … */ export const x = …`).
  return ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
}

function hasExample(declaration: ts.Declaration): boolean {
  return ts.getJSDocCommentsAndTags(commentedNode(declaration)).some((doc) => ts.isJSDoc(doc) && (doc.tags ?? []).some((t) => t.tagName.text === 'example'));
}

function isDocumented(declaration: ts.Declaration): boolean {
  const node = commentedNode(declaration);
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0))
    || (ts.isNamespaceExport(declaration) || ts.isSourceFile(declaration)); // `export * as functions`: the module documents itself
}
