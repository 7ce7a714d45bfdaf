/**
 * Programs the tests need from Debian's packages (Prometheus, Chromium), installed with apt-get when
 * missing, the way scripts/kafka/kcat.ts installs kcat: CI runs these scripts as root on a fresh
 * machine, a developer's machine usually has them already.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter as pathSeparator, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Whether `path` is a file this process may execute.
 *
 * @example
 * isExecutable('/usr/bin/apt-get'); // true on Debian
 */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path of `command` on PATH (or among `extraPaths`), or undefined.
 *
 * @example
 * findProgram('prometheus'); // '/usr/bin/prometheus'
 */
export function findProgram(command: string, extraPaths: readonly string[] = []): string | undefined {
  const candidates = [...(process.env.PATH ?? '').split(pathSeparator).filter((d) => d !== '').map((d) => join(d, command)), ...extraPaths];
  return candidates.find(isExecutable);
}

async function aptGetInstall(pkg: string): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for a concurrent apt-get (another test process installing something) instead of failing.
  const install = (): Promise<unknown> => execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', '--no-install-recommends', pkg], { env, maxBuffer: 64 * 1024 * 1024 });
  try {
    await install();
  } catch {
    // A fresh machine has empty package lists: fetch them, then try once more.
    await execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-q'], { env, maxBuffer: 64 * 1024 * 1024 });
    await install();
  }
}

const installing = new Map<string, Promise<string>>();

/**
 * The path of `command`, installing Debian's package `pkg` first when it is not there.
 *
 * @example
 * const prometheus = await ensureDebianProgram('prometheus', 'prometheus');
 */
export function ensureDebianProgram(pkg: string, command: string, extraPaths: readonly string[] = []): Promise<string> {
  let pending = installing.get(pkg);
  if (pending === undefined) {
    pending = (async () => {
      const found = findProgram(command, extraPaths);
      if (found !== undefined) return found;
      try {
        await aptGetInstall(pkg);
      } catch (error) {
        installing.delete(pkg);
        const e = error as Error & { stderr?: string };
        throw new Error(`${command} is not installed and apt-get could not install it (run: apt-get install ${pkg}): ${e.message}\n${e.stderr ?? ''}`);
      }
      const installed = findProgram(command, extraPaths);
      if (installed === undefined) throw new Error(`apt-get installed ${pkg} but ${command} is not on PATH`);
      return installed;
    })();
    installing.set(pkg, pending);
  }
  return pending;
}
