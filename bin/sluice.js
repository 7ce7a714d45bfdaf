#!/usr/bin/env node
// The `sluice` bin. Installed from npm it runs the built CLI in dist/ (Node never strips types inside
// node_modules); in the repository's checkout it runs the TypeScript sources directly, no build step.
// The Node version is checked first so an old Node gets a clear message instead of a syntax error.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 22)) {
  console.error(`sluice: needs Node.js >= 22.22 (found ${process.version})`);
  process.exit(1);
}

const self = fileURLToPath(import.meta.url);
const sources = new URL('../src/cli/main.ts', import.meta.url);
const inCheckout = !self.includes(`${sep}node_modules${sep}`) && existsSync(sources);

if (!inCheckout) {
  await import('../dist/cli/main.js');
} else if (import.meta.resolve('sluice').endsWith('.ts')) {
  await import(sources.href);
} else {
  // A job in the checkout imports 'sluice'; it must get the same sources as the CLI (one Dataflow class),
  // which the 'sluice-source' export condition gives (npm scripts set it through .npmrc). Started
  // without it (`node bin/sluice.js`), run again with it.
  const child = spawn(process.execPath, [...process.execArgv, '--conditions=sluice-source', self, ...process.argv.slice(2)], { stdio: 'inherit' });
  // Ctrl-C reaches the child from the terminal; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}
