// The API reference's promises: every `@example` in src/'s doc comments type-checks (against the
// public API and its own module, see scripts/docs/check-examples.ts for the conventions), and every
// export of 'sluice' and 'sluice/testing' has a doc comment for TypeDoc (`npm run docs`) to render.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { checkExamples } from '../../scripts/docs/check-examples.ts';
import { publicDocGaps } from '../../scripts/docs/public-exports.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('every @example in the doc comments under src/ type-checks', (t) => {
  const report = checkExamples(ROOT);
  assert.ok(report.results.length > 500, `found ${report.results.length} examples; the extraction lost most of them`);
  const failed = report.results.flatMap((r) => r.errors);
  assert.deepEqual(failed, [], `examples that do not type-check:\n${failed.join('\n')}`);
  const withGivens = report.results.filter((r) => r.givens.length > 0);
  t.diagnostic(`${report.results.length} examples type-checked; ${withGivens.length} use givens (names typed any), ` +
    `${new Set(withGivens.flatMap((r) => r.givens)).size} distinct`);
  for (const e of report.notTypeScript) t.diagnostic(`not TypeScript (${e.language}), not type-checked: ${e.file}:${e.line}`);
});

test('the examples checker catches a wrong example: a misspelled export, a wrong argument type, a syntax error', async () => {
  // A broken example must fail the check above; this proves the checker would see one. It checks a
  // scratch root holding one module whose examples are wrong in three ways.
  const { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync, symlinkSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const root = mkdtempSync(join(tmpdir(), 'sluice-doc-examples-'));
  try {
    mkdirSync(join(root, 'src', 'testing'), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(root, file));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'src', 'testing', 'index.ts'), 'export const harness = 1;\n');
    writeFileSync(join(root, 'src', 'index.ts'), [
      '/** Doubles. @example double(2) // 4 */',
      'export function double(n: number): number { return n * 2; }',
      '/** @example doubel(2) */',
      'export const a = 1;',
      "/** @example double('two') */",
      'export const b = 2;',
      '/**\n * @example\n * double(2 +)\n */',
      'export const c = 3;',
      '',
    ].join('\n'));
    const report = checkExamples(root);
    assert.deepEqual(report.results.map((r) => [r.example.line, r.errors.length > 0]), [[1, false], [3, true], [5, true], [9, true]]);
    assert.match(report.results[1].errors.join('\n'), /src\/index\.ts:3:1 TS2552: Cannot find name 'doubel'\. Did you mean 'double'\?/);
    assert.match(report.results[2].errors.join('\n'), /src\/index\.ts:5:\d+ TS2345/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("every export of 'sluice' and 'sluice/testing' has a doc comment, every function and class one with an @example", () => {
  assert.deepEqual(publicDocGaps(ROOT), { undocumented: [], withoutExample: [] });
});
