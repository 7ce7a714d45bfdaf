import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (the CLI's working directory in these tests). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs the `sluice` CLI in a child process from the repository root, as a user would, and returns its
 * exit code and output (the test runner's context variable removed, so the child is a plain process).
 *
 * @example
 * const { code, stdout } = await sluice(['run', 'examples/seed-flink-sql.sql', '--no-status']);
 */
export function sluice(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/cli/main.ts', ...args], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}
