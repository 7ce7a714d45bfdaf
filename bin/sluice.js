#!/usr/bin/env node
// The `sluice` bin: a thin launcher so `npx sluice …` runs the TypeScript CLI directly (Node strips
// types natively from 22.18 on; no build step). Checked first so an old Node gets a clear message
// instead of "unknown file extension .ts".
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`sluice: needs Node.js >= 22.18 (found ${process.version}); run it through npm/npx in the project, which use the pinned Node 24`);
  process.exit(1);
}
await import('../src/cli/main.ts');
