// `sluice sql` as a user meets it through a pipe: statements in on stdin, results out on stdout, the
// session surviving mistakes and Ctrl-C, exit 0 at end of input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StatementSplitter } from '../../src/cli/sql-shell-splitter.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXIT_TIMEOUT_MS = 60_000;

interface Shell {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

function startShell(args: readonly string[] = []): Shell {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // the child is a plain program, not a test file reporting to this runner
  const child = spawn(process.execPath, ['src/cli/main.ts', 'sql', ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  void exited.then(() => clearTimeout(timer));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Pipes `script` into a fresh shell, closes stdin and waits for the shell to exit. */
async function runShell(script: string, args: readonly string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shell = startShell(args);
  shell.child.stdin!.end(script);
  const code = await shell.exited;
  return { code, stdout: shell.stdout(), stderr: shell.stderr() };
}

const TRADES = `CREATE TABLE trades (
  symbol STRING,
  shares INT
) WITH ('connector' = 'datagen', 'number-of-rows' = '30',
  'fields.symbol.kind' = 'random', 'fields.symbol.length' = '1',
  'fields.shares.kind' = 'sequence', 'fields.shares.start' = '1', 'fields.shares.end' = '30');`;

test('piped statements run in one session: DDL, SET, a grouped bounded SELECT as a table, then exit 0', async () => {
  const { code, stdout, stderr } = await runShell(`${TRADES}
SET 'execution.runtime-mode' = 'batch';
SELECT COUNT(*) AS n, SUM(shares) AS total
FROM trades;
`);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\[INFO\] Execute statement succeeded\./);
  assert.match(stdout, /\[INFO\] Session property has been set\./);
  // 30 rows, shares 1..30 sum to 465.
  assert.match(stdout, /\|\s+30 \|\s+465 \|/);
  assert.match(stdout, /1 row in set/);
  assert.equal(stderr, '');
});

test('a statement spans lines until a ; outside strings and comments', async () => {
  const { code, stdout, stderr } = await runShell(`SELECT 'a;b' AS s, -- a ; in a comment
  /* and ; here */ 2 AS two
;
`);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\|\s+\+I \|\s+a;b \|\s+2 \|/);
  assert.doesNotMatch(stdout, /ERROR/);
});

test('a mistake prints [ERROR] with line:column and a caret, and the session goes on', async () => {
  const { code, stdout, stderr } = await runShell(`${TRADES}
SELECT symbol,
  nope FROM trades;
SHOW TABLES;
`);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /\[ERROR\] 2:3: unknown column 'nope'.*\n  {3}nope FROM trades;\n  {3}\^/);
  assert.doesNotMatch(stdout + stderr, /\bat .*\.ts:\d+/, 'no stack trace');
  assert.match(stdout, /\|\s+trades \|/, 'the statement after the mistake ran');
});

test('EXPLAIN prints the plan and HELP lists the shell commands', async () => {
  const { code, stdout, stderr } = await runShell(`${TRADES}
EXPLAIN SELECT symbol FROM trades WHERE shares > 10;
help;
`);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /== Logical Plan ==[\s\S]*Source\(.*trades/);
  assert.match(stdout, /EXIT \/ QUIT/);
});

test('QUIT ends the session before the statements after it', async () => {
  const { code, stdout, stderr } = await runShell(`${TRADES}
QUIT;
SHOW TABLES;
`);
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stdout, /table name/);
});

test('-f runs a script first (here: a filesystem JSON table), then the piped statements', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sql-shell-'));
  try {
    writeFileSync(join(dir, 'people.json'), '{"name":"ann","age":31}\n{"name":"bob","age":42}\n{"name":"cy","age":42}\n');
    const script = join(dir, 'init.sql');
    writeFileSync(script, `CREATE TABLE people (name STRING, age INT) WITH (
  'connector' = 'filesystem', 'path' = '${join(dir, 'people.json')}', 'format' = 'json');
SET 'execution.runtime-mode' = 'batch';
`);
    const { code, stdout, stderr } = await runShell('SELECT age, COUNT(*) AS n FROM people GROUP BY age;\n', ['-f', script]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\|\s+31 \|\s+1 \|/);
    assert.match(stdout, /\|\s+42 \|\s+2 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unbounded SELECT prints its changelog until Ctrl-C, which cancels it and returns to the session', async () => {
  const shell = startShell();
  // A random field without 'number-of-rows' never ends: the source is unbounded.
  shell.child.stdin!.write(`CREATE TABLE ticks (id INT) WITH ('connector' = 'datagen', 'rows-per-second' = '50',
  'fields.id.kind' = 'random', 'fields.id.min' = '7', 'fields.id.max' = '7');
SELECT id FROM ticks;
SHOW TABLES;
`);
  shell.child.stdin!.end();
  await new Promise<void>((resolve, reject) => {
    const poll = setInterval(() => {
      if (/\+I\[7\]/.test(shell.stdout())) { clearInterval(poll); resolve(); }
    }, 50);
    void shell.exited.then(() => { clearInterval(poll); reject(new Error(`shell exited early:\n${shell.stdout()}${shell.stderr()}`)); });
  });
  shell.child.kill('SIGINT');
  const code = await shell.exited;
  assert.equal(code, 0, shell.stderr());
  assert.match(shell.stdout(), /\[INFO\] Query cancelled\./);
  assert.match(shell.stdout(), /\|\s+ticks \|/, 'the statement after the cancelled query ran');
});

test('the splitter holds a statement set together until END;', () => {
  const splitter = new StatementSplitter();
  assert.deepEqual(splitter.push('EXECUTE STATEMENT SET BEGIN'), []);
  assert.deepEqual(splitter.push('INSERT INTO a SELECT * FROM t;'), []);
  assert.equal(splitter.pending, true);
  assert.deepEqual(splitter.push('END; SHOW TABLES;'), [
    'EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT * FROM t;\nEND;', 'SHOW TABLES;',
  ]);
  assert.equal(splitter.pending, false);
});

test('the splitter keeps a quoted ; and a doubled quote inside the statement', () => {
  const splitter = new StatementSplitter();
  assert.deepEqual(splitter.push("SELECT 'it''s; fine', `a;b` FROM t; -- done;"), ["SELECT 'it''s; fine', `a;b` FROM t;"]);
  assert.equal(splitter.pending, false);
});
