// `npm install sluice` as a user gets it: the repository packed (prepack builds dist/), the tarball
// installed into a fresh project with npm, and that project's files importing, running, and
// type-checking against the package — on the repo's Node 24 (this test's process.execPath) and on the
// oldest Node that package.json's `engines` claims. One pack and one install serve every case.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentNode, installPackedSluice, registryNode, ROOT, type NodeBinary, type UserProject } from './user-project.ts';

/** The oldest Node `engines` allows, e.g. '>=22.22' → '22.22.0'. */
function oldestSupportedNode(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
  const match = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(pkg.engines.node);
  assert.ok(match, `engines.node is '${pkg.engines.node}'; this test knows only '>=X.Y[.Z]'`);
  return `${match[1]}.${match[2]}.${match[3] ?? 0}`;
}

let project: UserProject & { cleanUp(): void };
let nodes: NodeBinary[];

before(async () => {
  const [installed, oldest] = await Promise.all([installPackedSluice(), registryNode(oldestSupportedNode())]);
  project = installed;
  nodes = [currentNode(), oldest];
});

after(() => project?.cleanUp());

function parseJson<T>(stdout: string, what: string): T {
  try {
    return JSON.parse(stdout) as T;
  } catch {
    assert.fail(`${what} did not print JSON:\n${stdout}`);
  }
}

test('the tarball ships the built ES modules with .d.ts files and source maps, the bin, and no sources or tests', () => {
  const pkg = join(project.dir, 'node_modules', 'sluice');
  for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/testing/index.js', 'dist/testing/index.d.ts', 'dist/cli/main.js', 'bin/sluice.js', 'package.json', 'README.md']) {
    assert.ok(existsSync(join(pkg, file)), `the installed package has ${file}`);
  }
  for (const absent of ['src', 'test', 'bench', 'scripts', 'examples', 'tsconfig.json', '.npmrc']) {
    assert.ok(!existsSync(join(pkg, absent)), `the installed package has no ${absent}`);
  }
  const map = JSON.parse(readFileSync(join(pkg, 'dist/index.js.map'), 'utf8')) as { sourcesContent?: string[] };
  assert.match(map.sourcesContent?.[0] ?? '', /export \{[^}]*Dataflow/, 'the source map carries the TypeScript source');
});

test("'sluice' and 'sluice/testing' import from a user's .mjs and .ts files, resolved to the built dist/", async () => {
  for (const node of nodes) {
    for (const file of ['imports.mjs', 'imports.ts']) {
      const { code, stdout, stderr } = await project.run(node, 'node', [file]);
      assert.equal(code, 0, `${node.label} ${file}:\n${stderr}`);
      const found = parseJson<{ sluice: Record<string, string>; testing: Record<string, string>; resolved: string[] }>(stdout, file);
      for (const [name, kind] of Object.entries({ ...found.sluice, ...found.testing })) {
        assert.equal(kind, 'function', `${node.label} ${file}: ${name} is exported`);
      }
      assert.deepEqual(
        found.resolved.map((url) => url.slice(url.lastIndexOf('/node_modules/'))),
        ['/node_modules/sluice/dist/index.js', '/node_modules/sluice/dist/testing/index.js'],
      );
    }
  }
});

/** Clicks of three users over five minutes, in time order (the job's watermark allows no disorder). */
function clicks(): { user: string; time: number }[] {
  const users = ['ann', 'bob', 'cy'];
  return Array.from({ length: 60 }, (_, i) => ({ user: users[(i * i) % 3], time: i * 5_000 + (i % 4) * 100 }));
}

test('a Dataflow job of the user project runs on the runtime and in the TestDriver with the same, right counts', async () => {
  const input = clicks();
  project.write('clicks.json', JSON.stringify(input));
  const expected = new Map<string, number>();
  for (const c of input) {
    const key = `${c.user}@${Math.floor(c.time / 60_000) * 60_000}`;
    expected.set(key, (expected.get(key) ?? 0) + 1);
  }
  const sorted = (rows: { user: string; start: number; clicks: number }[]) =>
    rows.map((r) => [`${r.user}@${r.start}`, r.clicks] as const).sort(([a], [b]) => a.localeCompare(b));
  const want = [...expected].sort(([a], [b]) => a.localeCompare(b));
  for (const node of nodes) {
    const { code, stdout, stderr } = await project.run(node, 'node', ['clicks-per-minute.ts']);
    assert.equal(code, 0, `${node.label}:\n${stderr}`);
    const result = parseJson<{ run: { user: string; start: number; clicks: number }[]; testDriver: { user: string; start: number; clicks: number }[] }>(stdout, 'clicks-per-minute.ts');
    assert.deepEqual(sorted(result.run), want, `${node.label}: run()`);
    assert.deepEqual(sorted(result.testDriver), want, `${node.label}: TestDriver`);
  }
});

test("`npx sluice run job.ts` runs the user's TypeScript job module, which imports 'sluice', and so does `node main.ts`", async () => {
  const orders = Array.from({ length: 25 }, (_, i) => ({ id: `o${i}`, amount: (i * 37) % 250 }));
  project.write('orders.json', JSON.stringify(orders));
  const expected = orders.filter((o) => o.amount >= 100).map((o) => ({ id: o.id, doubled: o.amount * 2 }));
  assert.ok(expected.length > 0 && expected.length < orders.length, 'the filter keeps some orders and drops others');
  for (const node of nodes) {
    const { code, stdout, stderr } = await project.run(node, 'npx', ['sluice', 'run', 'large-orders.ts', '--no-status']);
    assert.equal(code, 0, `${node.label}:\n${stderr}`);
    const printed = stdout.trim().split('\n').map((line) => parseJson<unknown>(line, 'a console line'));
    assert.deepEqual(printed, expected, node.label);

    // The same job from the user's own program, `node main.ts`, which imports the job module and runs it.
    const own = await project.run(node, 'node', ['main.ts']);
    assert.equal(own.code, 0, `${node.label} main.ts:\n${own.stderr}`);
    assert.deepEqual(own.stdout.trim().split('\n').map((line) => parseJson<unknown>(line, 'a console line')), expected, `${node.label} main.ts`);
    assert.match(own.stderr, new RegExp(`^${orders.length} orders read$`, 'm'));
  }
});

test('`npx sluice run script.sql` runs a Flink SQL script, and `npx sluice sql -e` a statement', async () => {
  const trades = [['AAPL', 10], ['MSFT', 25], ['GOOG', 40], ['AAPL', 15], ['MSFT', 5]] as const;
  const values = trades.map(([symbol, shares]) => `('${symbol}', ${shares})`).join(', ');
  project.write('large-trades.sql', `-- trades of more than 12 shares, doubled\nSELECT symbol, shares * 2 AS doubled\nFROM (VALUES ${values}) AS t (symbol, shares)\nWHERE shares > 12;\n`);
  const expected = trades.filter(([, shares]) => shares > 12).map(([symbol, shares]) => `+I[${symbol}, ${shares * 2}]`);
  for (const node of nodes) {
    const script = await project.run(node, 'npx', ['sluice', 'run', 'large-trades.sql', '--no-status']);
    assert.equal(script.code, 0, `${node.label}:\n${script.stderr}`);
    assert.deepEqual(script.stdout.trim().split('\n'), expected, node.label);
  }
  const shell = await project.run(nodes[0], 'npx', ['sluice', 'sql', '-e', `SELECT SUM(shares) AS total FROM (VALUES ${values}) AS t (symbol, shares);`]);
  assert.equal(shell.code, 0, shell.stderr);
  const total = trades.reduce((sum, [, shares]) => sum + shares, 0);
  assert.match(shell.stdout, new RegExp(`\\|\\s+${total} \\|`), `the shell prints the total ${total}:\n${shell.stdout}`);
});

test('a DataFrame query of the user project groups and aggregates as Spark would', async () => {
  const trades = Array.from({ length: 30 }, (_, i) => ({ symbol: ['AAPL', 'GOOG', 'MSFT', 'NVDA'][(i * 7) % 4], shares: 10 + ((i * 13) % 90) }));
  project.write('trades.json', JSON.stringify(trades));
  const bySymbol = new Map<string, { symbol: string; total_shares: number; trades: number }>();
  for (const t of trades) {
    const row = bySymbol.get(t.symbol) ?? { symbol: t.symbol, total_shares: 0, trades: 0 };
    row.total_shares += t.shares;
    row.trades += 1;
    bySymbol.set(t.symbol, row);
  }
  const expected = [...bySymbol.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  for (const node of nodes) {
    const { code, stdout, stderr } = await project.run(node, 'node', ['shares-per-symbol.ts']);
    assert.equal(code, 0, `${node.label}:\n${stderr}`);
    assert.deepEqual(parseJson<unknown>(stdout, 'shares-per-symbol.ts'), expected, node.label);
  }
});

test("the user's TypeScript files type-check against the shipped .d.ts files, and wrong uses are errors", async () => {
  project.write('tsconfig.json', JSON.stringify({
    compilerOptions: {
      target: 'es2023', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true,
      skipLibCheck: false, // the package's own .d.ts files are checked too
      allowImportingTsExtensions: true, erasableSyntaxOnly: true, verbatimModuleSyntax: true,
      // A user installs @types/node; this project borrows the repository's copy instead of a second install.
      typeRoots: [join(ROOT, 'node_modules', '@types')], types: ['node'],
    },
    include: ['*.ts'],
  }));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const { code, stdout, stderr } = await project.run(nodes[0], 'node', [tsc, '-p', 'tsconfig.json', '--listFiles']);
  // Only errors in the user's files or in sluice's own declarations count: with skipLibCheck off, tsc
  // also checks other packages' .d.ts files (the Kafka client's need types it does not depend on).
  const diagnostics = stdout.split('\n').filter((line) => /error TS\d+/.test(line));
  const ours = diagnostics.filter((line) => !line.startsWith('node_modules/') || line.startsWith('node_modules/sluice/'));
  assert.deepEqual(ours, [], `tsc reported errors:\n${stderr}`);
  assert.ok(diagnostics.length > 0 || code === 0, stdout + stderr);
  const checked = stdout.split('\n').filter((line) => line.includes('/node_modules/sluice/'));
  assert.ok(checked.some((f) => f.endsWith('/node_modules/sluice/dist/index.d.ts')), 'types come from dist/index.d.ts');
  assert.ok(checked.some((f) => f.endsWith('/node_modules/sluice/dist/testing/index.d.ts')), 'types come from dist/testing/index.d.ts');
  assert.ok(checked.every((f) => f.endsWith('.d.ts')), `only declaration files of the package are read:\n${checked.filter((f) => !f.endsWith('.d.ts')).join('\n')}`);
});
