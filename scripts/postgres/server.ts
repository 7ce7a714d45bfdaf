/**
 * A throw-away PostgreSQL server for tests: a cluster initialised in a temporary directory, started
 * on a free port of 127.0.0.1 with a password-protected user and one database, stopped and deleted
 * afterwards. PostgreSQL refuses to run as root, so as root the programs run as the `postgres` user
 * (made by Debian's package) through runuser, and the directory is handed to that user.
 *
 * Usage by hand: `npx node scripts/postgres/server.ts start` prints PG_URL=… and runs until Ctrl-C.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePorts } from '../kafka/ports.ts';
import { ensurePostgres } from './install.ts';

const execFileAsync = promisify(execFile);

/** The user, password and database every test server has. */
export const PG_USER = 'sluice';
export const PG_PASSWORD = 'sluice-test';
export const PG_DATABASE = 'sluice_test';

/**
 * A running test server. `url` is libpq's form (postgresql://user:password@host:port/db);
 * `jdbcUrl` is Flink's JDBC form that tables take ('jdbc:postgresql://host:port/db').
 *
 * @example
 * const server = await startPostgres();
 * console.log(server.url);
 * await server.stop();
 */
export interface PostgresServer {
  readonly url: string;
  readonly jdbcUrl: string;
  readonly port: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

/** How a command runs: as the `postgres` user when we are root. */
function asServerUser(command: string, args: readonly string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, [...args]];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

async function run(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  const [file, argv] = asServerUser(command, args);
  try {
    const { stdout } = await execFileAsync(file, argv, { timeout: timeoutMs, killSignal: 'SIGKILL' });
    return stdout;
  } catch (error) {
    const e = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim());
  }
}

function serverUserIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

const running = new Set<() => void>();
let exitHookInstalled = false;

/** A crashed or interrupted test run must not leave a server behind. */
function stopAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const stop of running) stop();
  });
}

/**
 * Installs PostgreSQL when missing (Debian's package), then initialises and starts a fresh cluster
 * on a free port with {@link PG_USER} / {@link PG_PASSWORD} (scram-sha-256 over TCP) and the database
 * {@link PG_DATABASE}. Durability is off (fsync, synchronous commit): it is a test server.
 *
 * @example
 * const server = await startPostgres();
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = await ensurePostgres();
  const root = mkdtempSync(join(tmpdir(), 'sluice-pg-'));
  const dataDir = join(root, 'data');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${PG_PASSWORD}\n`);
  if (process.getuid?.() === 0) {
    const { uid, gid } = serverUserIds();
    chownSync(root, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const [port] = await freePorts(1);
  await run(join(bin, 'initdb'), [
    '-D', dataDir, '-U', PG_USER, `--pwfile=${passwordFile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
    '-E', 'UTF8', '--no-locale', '--no-sync',
  ]);
  const serverOptions = [
    `-p ${port}`, `-k ${root}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off',
    '-c full_page_writes=off', '-c max_connections=200', '-c TimeZone=UTC',
  ].join(' ');
  const pgCtl = join(bin, 'pg_ctl');
  await run(pgCtl, ['-D', dataDir, '-l', join(root, 'postgres.log'), '-o', serverOptions, '-w', '-t', '120', 'start']);
  const stopNow = (): void => {
    const [file, argv] = asServerUser(pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    try {
      execFileSync(file, argv, { stdio: 'ignore', timeout: 60_000 });
    } catch {
      // already stopped
    }
    rmSync(root, { recursive: true, force: true });
  };
  stopAllOnExit();
  running.add(stopNow);
  const admin = new pg.Client({ host: '127.0.0.1', port, user: PG_USER, password: PG_PASSWORD, database: 'postgres' });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${PG_DATABASE}`);
  } catch (error) {
    stopNow();
    running.delete(stopNow);
    throw error;
  } finally {
    await admin.end().catch(() => undefined);
  }
  return {
    url: `postgresql://${PG_USER}:${PG_PASSWORD}@127.0.0.1:${port}/${PG_DATABASE}`,
    jdbcUrl: `jdbc:postgresql://127.0.0.1:${port}/${PG_DATABASE}`,
    port,
    dataDir,
    async stop() {
      running.delete(stopNow);
      stopNow();
    },
  };
}

if (import.meta.main && process.argv[2] === 'start') {
  const began = Date.now();
  const server = await startPostgres();
  console.log(`PostgreSQL started in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  console.log(`PG_URL=${server.url}`);
  const stop = (): void => {
    void server.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30);
}
