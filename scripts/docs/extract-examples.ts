/**
 * Finds the `@example` blocks of the doc comments in TypeScript sources, with the file and line each
 * block's code starts on. A block runs from its `@example` to the next tag or the comment's end.
 *
 * Conventions (README.md, "API reference and doc examples"):
 * - The block is TypeScript. A fenced block (```ts … ```) is taken from inside its fences; a fence in
 *   another language (```sql, ```sh, ```text) marks the example as not TypeScript: it is counted and
 *   listed, not type-checked.
 * - Comment lines (`// 'INCLUDING'`) show results and commands; they are part of the code, so they are
 *   free.
 */
export interface DocExample {
  /** The source file, relative to the root given to `extractExamples`. */
  readonly file: string;
  /** The 1-based line of the example's first code line in that file. */
  readonly line: number;
  readonly code: string;
  /** The fence's language when it is not TypeScript or JavaScript; the example is then not checked. */
  readonly language?: string;
}

const DOC_COMMENT = /\/\*\*([\s\S]*?)\*\//g;
const TAG = /(?:^|(?<=\s))@([a-zA-Z]+)\b/;
const TS_LANGUAGES = new Set(['', 'ts', 'typescript', 'js', 'javascript', 'mjs', 'mts']);

/**
 * The examples of one file's doc comments.
 *
 * @example
 * const examples = examplesOf('src/core/duration.ts', readFileSync('src/core/duration.ts', 'utf8'));
 */
export function examplesOf(file: string, text: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const match of text.matchAll(DOC_COMMENT)) {
    const firstLine = lineAt(text, match.index);
    const lines = match[1].split('\n').map((line, i) => (i === 0 ? line : line.replace(/^\s*\* ?/, '')));
    let current: { line: number; code: string[] } | undefined;
    const finish = (): void => {
      if (current !== undefined) examples.push(toExample(file, current.line, current.code));
      current = undefined;
    };
    lines.forEach((raw, i) => {
      const line = i === 0 ? raw.replace(/^\s*/, '') : raw;
      // A tag starts a line or follows whitespace (`/** Doubles. @example double(2) */`).
      const parts = line.split(TAG);
      current?.code.push(parts[0]);
      for (let p = 1; p < parts.length; p += 2) {
        finish();
        const rest = parts[p + 1].replace(/^ /, '');
        if (parts[p] === 'example') current = { line: firstLine + i + (rest.trim() === '' ? 1 : 0), code: rest.trim() === '' ? [] : [rest] };
      }
    });
    finish();
  }
  return examples;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function toExample(file: string, line: number, lines: string[]): DocExample {
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  while (lines.length > 0 && lines[0].trim() === '') {
    lines.shift();
    line++;
  }
  const fence = lines.findIndex((l) => l.trim().startsWith('```'));
  if (fence === -1) return { file, line, code: lines.join('\n') };
  const language = lines[fence].trim().slice(3).trim().toLowerCase();
  const end = lines.findIndex((l, i) => i > fence && l.trim().startsWith('```'));
  const body = lines.slice(fence + 1, end === -1 ? undefined : end);
  // Blank lines keep the code's lines aligned with the file's for error messages.
  const code = [...lines.slice(0, fence + 1).map(() => ''), ...body].join('\n');
  return TS_LANGUAGES.has(language) ? { file, line, code } : { file, line, code, language };
}
