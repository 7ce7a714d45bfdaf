/**
 * Finds PostgreSQL's server programs (initdb, pg_ctl), installing Debian's `postgresql` package with
 * apt-get when they are missing. Debian keeps them off PATH, under /usr/lib/postgresql/<major>/bin.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { isExecutable } from '../debian-package.ts';

const execFileAsync = promisify(execFile);
const DEBIAN_ROOT = '/usr/lib/postgresql';

/**
 * The directory holding initdb and pg_ctl: the newest /usr/lib/postgresql/<major>/bin, else one on
 * PATH; undefined when PostgreSQL is not installed.
 *
 * @example
 * const bin = findPostgresBin(); // '/usr/lib/postgresql/15/bin'
 */
export function findPostgresBin(): string | undefined {
  let majors: string[] = [];
  try {
    majors = readdirSync(DEBIAN_ROOT).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  } catch {
    // not installed from Debian's packages
  }
  for (const major of majors) {
    const bin = join(DEBIAN_ROOT, major, 'bin');
    if (isExecutable(join(bin, 'initdb')) && isExecutable(join(bin, 'pg_ctl'))) return bin;
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'pg_ctl'))) return dir;
  }
  return undefined;
}

/** True when apt-get can install the package here (it is present and we are root). */
export function canInstallPostgres(): boolean {
  return process.getuid?.() === 0 && ['/usr/bin/apt-get', '/bin/apt-get'].some(isExecutable);
}

let installing: Promise<string> | undefined;

/**
 * The bin directory of PostgreSQL's server programs, installing Debian's `postgresql` package first
 * when none is found. A failure says which command to run by hand.
 *
 * @example
 * const bin = await ensurePostgres();
 */
export function ensurePostgres(): Promise<string> {
  installing ??= (async () => {
    const found = findPostgresBin();
    if (found !== undefined) return found;
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    // Wait for a concurrent apt-get rather than failing on its lock.
    const install = (): Promise<unknown> =>
      execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', 'postgresql'], { env });
    try {
      try {
        await install();
      } catch {
        // A fresh machine has empty package lists: fetch them, then try once more.
        await execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-q'], { env });
        await install();
      }
    } catch (error) {
      installing = undefined;
      const e = error as Error & { stderr?: string };
      throw new Error(`PostgreSQL is not installed and apt-get could not install it (run: apt-get install postgresql): ${e.message}\n${e.stderr ?? ''}`);
    }
    const installed = findPostgresBin();
    if (installed === undefined) throw new Error(`apt-get installed postgresql but initdb and pg_ctl are not under ${DEBIAN_ROOT}/<major>/bin`);
    return installed;
  })();
  return installing;
}
