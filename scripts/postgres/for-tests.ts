/**
 * The PostgreSQL part of the test run (scripts/run-tests.ts): start a throw-away server when the
 * chosen test files need one and export PG_URL to them.
 *
 *   PG_URL set                        → tests use that server
 *   PostgreSQL installed or installable (root + apt-get), or CI=true → a server from ./server.ts
 *   otherwise                         → one loud "POSTGRESQL TESTS SKIPPED" line; pgTest skips
 */
import { globSync, readFileSync } from 'node:fs';
import { canInstallPostgres, findPostgresBin } from './install.ts';
import { startPostgres, type PostgresServer } from './server.ts';

/** A test file needs PostgreSQL when it imports the helpers of test/connectors/jdbc/pg-env.ts. */
const MARKER = 'pg-env.ts';

function needsPostgres(patterns: readonly string[], cwd: string): boolean {
  if (patterns.length === 0) return true; // the whole suite
  for (const pattern of patterns) {
    for (const file of globSync(pattern, { cwd })) {
      if (!file.endsWith('.ts')) continue;
      try {
        if (readFileSync(`${cwd}/${file}`, 'utf8').includes(MARKER)) return true;
      } catch {
        // a directory or unreadable entry: node --test reports it
      }
    }
  }
  return false;
}

/** Why no server can be started here, or undefined when one can. */
function whyNoPostgres(): string | undefined {
  if (process.env.CI === 'true') return undefined; // CI must try, and fail loudly if it cannot
  if (findPostgresBin() !== undefined || canInstallPostgres()) return undefined;
  return 'PostgreSQL is not installed and cannot be installed here (needs root and apt-get: apt-get install postgresql)';
}

/**
 * Starts a test server when `patterns` (the test files; none = all) need one and PG_URL is not set,
 * and sets `env.PG_URL`. Returns the server to stop after the tests, or undefined.
 *
 * @example
 * const postgres = await postgresForTests(['test/connectors/jdbc/*.test.ts'], env, process.cwd());
 * try { await runTests(env); } finally { await postgres?.stop(); }
 */
export async function postgresForTests(patterns: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<PostgresServer | undefined> {
  if (env.PG_URL) {
    console.log(`PostgreSQL tests use PG_URL=${env.PG_URL}`);
    return undefined;
  }
  if (!needsPostgres(patterns, cwd)) return undefined;
  const why = whyNoPostgres();
  if (why !== undefined) {
    console.log(`POSTGRESQL TESTS SKIPPED: ${why}`);
    return undefined;
  }
  const began = Date.now();
  const server = await startPostgres();
  console.log(`PostgreSQL started in ${((Date.now() - began) / 1000).toFixed(1)} s (install included): PG_URL=${server.url}`);
  env.PG_URL = server.url;
  return server;
}
