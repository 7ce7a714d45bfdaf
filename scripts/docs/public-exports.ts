/**
 * The public API's declarations without a doc comment: every export of 'sluice' (src/index.ts) and
 * 'sluice/testing' (src/testing/index.ts), followed through re-exports to where it is declared.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';

/** The public entry points, as package.json's `exports` maps them. */
export const ENTRY_POINTS = { sluice: 'src/index.ts', 'sluice/testing': 'src/testing/index.ts' } as const;

/**
 * `entry: name (file)` for each export of an entry point that has no doc comment.
 *
 * @example
 * for (const missing of undocumentedExports(process.cwd())) console.error(missing);
 */
export function undocumentedExports(root: string): string[] {
  const files = Object.values(ENTRY_POINTS).map((f) => join(root, f));
  const program = ts.createProgram({ rootNames: files, options: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true } });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(join(root, file));
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (module === undefined) throw new Error(`${file}: not a module`);
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declarations = symbol.declarations ?? [];
      if (declarations.some(isDocumented)) continue;
      const where = declarations[0] === undefined ? '' : ` (${relative(root, declarations[0].getSourceFile().fileName)})`;
      missing.push(`${entry}: ${exported.name}${where}`);
    }
  }
  return missing;
}

function isDocumented(declaration: ts.Declaration): boolean {
  // A variable's comment sits on its statement (`/** … */ export const x = …`).
  const node = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  return ts.getJSDocCommentsAndTags(node).some((doc) => ts.isJSDoc(doc) && (doc.comment !== undefined || (doc.tags?.length ?? 0) > 0))
    || (ts.isNamespaceExport(declaration) || ts.isSourceFile(declaration)); // `export * as functions`: the module documents itself
}
