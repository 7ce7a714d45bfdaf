#!/usr/bin/env node
// The `sluice` bin: a thin launcher so `npx sluice …` runs the TypeScript CLI directly
// (Node >= 22.18 strips types natively; no build step).
import '../src/cli/main.ts';
