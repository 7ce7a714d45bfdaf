import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findViolations } from '../../scripts/check-layers.ts';

test('the source tree follows the layer directions', () => {
  assert.deepEqual(findViolations('src'), []);
});

test('a forbidden import fails the layer check with the file and the rule', () => {
  const src = mkdtempSync(join(tmpdir(), 'sluice-layers-'));
  mkdirSync(join(src, 'core'));
  mkdirSync(join(src, 'runtime'));
  writeFileSync(join(src, 'runtime', 'executor.ts'), 'export const x = 1;\n');
  writeFileSync(join(src, 'core', 'row.ts'), "import { x } from '../runtime/executor.ts';\nexport const y = x;\n");
  const result = spawnSync(process.execPath, ['scripts/check-layers.ts', src], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /core\/row\.ts: imports \.\.\/runtime\/executor\.ts \(layer 'core' may not import 'runtime'\)/);
});
