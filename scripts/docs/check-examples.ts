/**
 * Type-checks the `@example` blocks of src/'s doc comments, each as a module of its own.
 *
 * Each example sees, without importing them: every export of 'sluice' and 'sluice/testing' (the public
 * API, as a user's file would import it) and every export of the module whose comment it is in (so an
 * example of an internal helper can call that helper). Its own `import` lines are kept.
 *
 * Names an example uses without defining them — the `flow` or `catalog` its surrounding text talks
 * about — are "givens": the checker declares each as `any`, so what is called on them is not checked,
 * but everything else is (the API's names, arities, argument and result types). An example can type a
 * given instead with a `declare` line of its own (`declare const flow: Dataflow;`). A name that
 * TypeScript takes for a misspelling of one in scope is not a given but an error. The checker reports
 * how many examples have givens; it never leaves an example out silently.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { examplesOf, type DocExample } from './extract-examples.ts';

/** One example's outcome. */
export interface ExampleResult {
  readonly example: DocExample;
  /** Type errors, as `file:line:column message` with the line in the source file. */
  readonly errors: readonly string[];
  /** Names the example uses without defining them, declared `any`. */
  readonly givens: readonly string[];
}

/** Everything the check found. */
export interface ExampleReport {
  readonly results: readonly ExampleResult[];
  /** Examples fenced in another language (sql, sh), listed, not type-checked. */
  readonly notTypeScript: readonly DocExample[];
}

/**
 * Diagnostics meaning "this name is not defined": the names become givens. Not 2552, "Cannot find
 * name 'tumblng'. Did you mean 'tumbling'?": a near miss of a name in scope is a typo, and stays an error.
 */
const UNDEFINED_NAME_CODES = new Set([2304, 18004, 2662, 2663]);

/** Names that cannot name a type alias (a given called `bigint` is a value only). */
const PRIMITIVE_TYPES = new Set(['any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'undefined', 'unknown', 'void']);

/** Diagnostics that only a given (`any`) can cause: type arguments on a call of an untyped function. */
const GIVEN_ONLY_CODES = new Set([2347]);

/**
 * Extracts and type-checks the examples of every .ts file under `root/src`.
 *
 * @example
 * const report = checkExamples(process.cwd());
 * const failed = report.results.filter((r) => r.errors.length > 0);
 */
export function checkExamples(root: string): ExampleReport {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  if (config === undefined) throw new Error(`cannot read ${join(root, 'tsconfig.json')}`);
  // Type-only names come in through plain imports here, and examples need not use all they see.
  // noImplicitAny is off: a callback handed to a given (`stream.map((t) => …)`) has no type to infer.
  const options: ts.CompilerOptions = {
    ...config.options, noEmit: true, verbatimModuleSyntax: false, isolatedModules: false, noUnusedLocals: false,
    noUnusedParameters: false, noImplicitAny: false,
  };
  const sources = sourceFiles(join(root, 'src'));
  const all = sources.flatMap((file) => examplesOf(relative(root, file), readFileSync(file, 'utf8')));
  const examples = all.filter((e) => e.language === undefined);

  const host = ts.createCompilerHost(options, true);
  const base = ts.createProgram({ rootNames: sources, options, host });
  const checker = base.getTypeChecker();
  const exportsOf = memo((file: string): string[] => {
    const source = base.getSourceFile(file);
    const symbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    return symbol === undefined ? [] : checker.getExportsOfModule(symbol).map((s) => s.name).filter((n) => n !== 'default');
  });
  const publicNames = exportsOf(join(root, 'src', 'index.ts'));
  const testingNames = exportsOf(join(root, 'src', 'testing', 'index.ts')).filter((n) => !publicNames.includes(n));

  // Beside its module (in memory only), so the example's own relative imports resolve as the module's do.
  const virtualFile = (e: DocExample, i: number): string => join(root, e.file.replace(/\.ts$/, `.example-${e.line}-${i}.ts`));
  const moduleText = (e: DocExample, file: string, givens: readonly string[]): { text: string; prelude: number } => {
    const own = new Set(topLevelNames(e.code));
    const hostFile = join(root, e.file);
    const hostImport = `./${relative(dirname(file), hostFile)}`;
    const hostNames = exportsOf(hostFile).filter((n) => !own.has(n));
    const pick = (names: readonly string[]) => names.filter((n) => !own.has(n) && !hostNames.includes(n));
    const lines = [
      `import { ${pick(publicNames).join(', ')} } from 'sluice';`,
      `import { ${pick(testingNames).join(', ')} } from 'sluice/testing';`,
      hostNames.length === 0 ? '' : `import { ${hostNames.join(', ')} } from '${hostImport}';`,
      // A given is a value and a type (separate declaration spaces): `trade: Trade` and `trade.price` both check.
      ...givens.map((g) => `declare const ${g}: any;${PRIMITIVE_TYPES.has(g) ? '' : ` type ${g} = any;`}`),
      'export {};',
    ];
    return { text: `${lines.join('\n')}\n${e.code}\n`, prelude: lines.length };
  };

  const check = (givensOf: (i: number) => readonly string[], old: ts.Program) => {
    const texts = new Map<string, { text: string; prelude: number; index: number }>();
    examples.forEach((e, i) => {
      const file = virtualFile(e, i);
      texts.set(file, { ...moduleText(e, file, givensOf(i)), index: i });
    });
    const virtualHost: ts.CompilerHost = {
      ...host,
      fileExists: (f) => texts.has(f) || host.fileExists(f),
      readFile: (f) => texts.get(f)?.text ?? host.readFile(f),
      getSourceFile: (f, language, onError, create) => {
        const entry = texts.get(f);
        return entry !== undefined ? ts.createSourceFile(f, entry.text, language, true) : host.getSourceFile(f, language, onError, create);
      },
    };
    const program = ts.createProgram({ rootNames: [...sources, ...texts.keys()], options, host: virtualHost, oldProgram: old });
    return { program, texts };
  };

  const first = check(() => [], base);
  const givens = examples.map((_, i) => undefinedNames(first.program, virtualFile(examples[i], i)));
  const second = check((i) => givens[i], first.program);
  // An example without givens was final in the first program; only the others are checked again.
  const results = examples.map((example, i): ExampleResult => {
    const { program, texts } = givens[i].length === 0 ? first : second;
    const file = virtualFile(example, i);
    const entry = texts.get(file)!;
    const source = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]
      .filter((d) => !GIVEN_ONLY_CODES.has(d.code));
    const errors = diagnostics.map((d) => {
      const { line, character } = source.getLineAndCharacterOfPosition(d.start ?? 0);
      const at = line < entry.prelude ? `${example.file}:${example.line}` : `${example.file}:${example.line + line - entry.prelude}:${character + 1}`;
      return `${at} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
    });
    return { example, errors, givens: givens[i] };
  });
  return { results, notTypeScript: all.filter((e) => e.language !== undefined) };
}

function undefinedNames(program: ts.Program, file: string): string[] {
  const source = program.getSourceFile(file);
  if (source === undefined) return [];
  const names = new Set<string>();
  for (const d of program.getSemanticDiagnostics(source)) {
    if (!UNDEFINED_NAME_CODES.has(d.code) || d.start === undefined) continue;
    const token = source.text.slice(d.start, d.start + (d.length ?? 0));
    if (/^[A-Za-z_$][\w$]*$/.test(token)) names.add(token);
  }
  return [...names].sort();
}

/** The names an example declares at its top level (they shadow the automatic imports). */
function topLevelNames(code: string): string[] {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) ||
      ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name !== undefined) names.push(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      if (clause.name !== undefined) names.push(clause.name.text);
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      else if (bindings !== undefined) bindings.elements.forEach((e) => names.push(e.name.text));
    }
  }
  return names;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key)!;
  };
}
