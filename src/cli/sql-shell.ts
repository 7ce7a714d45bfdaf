import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { SluiceError } from '../index.ts';
import { SHELL_HELP, ShellExecutor } from './sql-shell-executor.ts';
import { StatementSplitter } from './sql-shell-splitter.ts';

const PROMPT = 'sluice> ';
const CONTINUATION = '     > ';
const HISTORY_SIZE = 1000;

/** Options of `sluice sql`. */
export interface SqlShellOptions {
  /** A script to run first (`-f`); the shell then reads more statements. */
  readonly file?: string;
  /** Statements to run instead of reading any (`-e`); the shell exits after them. */
  readonly execute?: string;
  /** Default process.stdin / process.stdout. */
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where a terminal session keeps its history; default ~/.sluice_history (or $SLUICE_HISTORY). */
  readonly historyFile?: string;
}

/**
 * `sluice sql`: an interactive SQL shell like Flink's SQL client. Statements end with `;` and may
 * span lines (continuation prompt `     > `); all run in one TableEnvironment. Ctrl-C cancels a
 * running SELECT or clears a half-typed statement; pressed twice at an empty prompt (or `QUIT;`,
 * `EXIT;`, end of input) it leaves. With piped input it runs the statements, prints their results,
 * waits for INSERT jobs it started and exits at end of input.
 *
 * @example
 * // echo "SHOW TABLES;" | npx sluice sql
 * await runSqlShell({ file: 'examples/seed-flink-sql.sql' });
 */
export async function runSqlShell(options: SqlShellOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const out = options.output ?? process.stdout;
  const shell = new ShellExecutor(out);
  const splitter = new StatementSplitter();
  const interactive = Boolean(input.isTTY && out.isTTY);

  /** Runs what a line completed; false once the user asked to quit. */
  const feed = async (line: string): Promise<boolean> => {
    for (const statement of splitter.push(line)) if (!(await runOne(shell, statement, out, interactive))) return false;
    return true;
  };

  if (options.execute !== undefined) {
    for (const line of options.execute.split(/\r?\n/)) if (!(await feed(line))) return;
    const rest = splitter.rest();
    if (rest !== undefined) await runOne(shell, rest, out, interactive);
    await shell.awaitJobs();
    return;
  }
  if (options.file !== undefined) {
    if (!existsSync(options.file)) throw new SluiceError(`${options.file}: no such file`);
    for (const line of readFileSync(options.file, 'utf8').split(/\r?\n/)) if (!(await feed(line))) return shell.stopJobs();
    const rest = splitter.rest();
    if (rest !== undefined) await runOne(shell, rest, out, interactive);
  }

  const historyFile = options.historyFile ?? process.env.SLUICE_HISTORY ?? join(homedir(), '.sluice_history');
  const rl = createInterface({
    input, output: interactive ? out : undefined, terminal: interactive, prompt: PROMPT,
    history: interactive ? loadHistory(historyFile) : [], historySize: HISTORY_SIZE, removeHistoryDuplicates: true,
  });
  if (interactive) {
    rl.on('history', (lines: string[]) => saveHistory(historyFile, lines));
    out.write('Welcome to the Sluice SQL shell. Statements end with \';\'. Type HELP; for help, QUIT; to leave.\n\n');
  }
  const prompt = () => {
    if (!interactive) return;
    rl.setPrompt(splitter.pending ? CONTINUATION : PROMPT);
    rl.prompt();
  };

  let exitArmed = false;
  const onInterrupt = () => {
    if (shell.cancel()) {
      out.write('\n[INFO] Query cancelled.\n');
    } else if (!interactive) {
      // Piped input: Ctrl-C (SIGINT) ends the session and any INSERT jobs it runs.
      void shell.stopJobs();
      rl.close();
    } else if (splitter.pending || rl.line !== '') {
      splitter.clear();
      clearLine(rl);
      out.write('^C\n');
      prompt();
    } else if (exitArmed) {
      out.write('\n');
      rl.close();
    } else {
      exitArmed = true;
      out.write('\n(To leave, press Ctrl-C again or type QUIT;)\n');
      prompt();
    }
  };
  rl.on('SIGINT', onInterrupt);
  process.on('SIGINT', onInterrupt);
  try {
    prompt();
    for await (const line of rl) {
      exitArmed = false;
      if (!(await feed(line))) break;
      prompt();
    }
    const rest = splitter.rest();
    if (rest !== undefined) await runOne(shell, rest, out, interactive);
    if (interactive) {
      if (shell.runningJobs.length > 0) out.write(`[INFO] Stopping ${shell.runningJobs.length} running job(s)...\n`);
      await shell.stopJobs();
      out.write('Goodbye!\n');
    } else {
      await shell.awaitJobs();
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    rl.close();
  }
}

/** Runs one statement or shell command; false for QUIT / EXIT. */
async function runOne(shell: ShellExecutor, statement: string, out: NodeJS.WritableStream, interactive: boolean): Promise<boolean> {
  switch (statement.replace(/;\s*$/, '').trim().toUpperCase()) {
    case 'QUIT': case 'EXIT': return false;
    case 'HELP': out.write(`${SHELL_HELP}\n`); return true;
    case 'CLEAR': if (interactive) out.write('\x1b[2J\x1b[H'); return true;
    default:
      await shell.execute(statement);
      out.write('\n');
      return true;
  }
}

function clearLine(rl: Interface): void {
  rl.write(null, { ctrl: true, name: 'e' });
  rl.write(null, { ctrl: true, name: 'u' });
}

// History is a convenience: an unreadable or unwritable file just means no history.
function loadHistory(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').slice(0, HISTORY_SIZE);
  } catch {
    return [];
  }
}

function saveHistory(file: string, lines: readonly string[]): void {
  try {
    writeFileSync(file, `${lines.join('\n')}\n`);
  } catch {
    // not writable: keep the history in memory only
  }
}
