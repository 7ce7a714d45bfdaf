/**
 * Fails (exit 1) when a file under src/ imports from a layer DESIGN.md does not allow.
 * Usage: node scripts/check-layers.ts [srcDir]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LAYER_RULES } from './layer-rules.ts';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The layer a path (relative to src/) belongs to: 'api/sql', 'core', 'index.ts'… */
export function layerOf(relativePath: string): string {
  const parts = relativePath.split(sep).join('/').split('/');
  if (parts[0] === 'api' && parts.length > 2) return `api/${parts[1]}`;
  return parts[0];
}

function* typescriptFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* typescriptFiles(path);
    else if (name.endsWith('.ts')) yield path;
  }
}

/** Every forbidden import under `srcDir`, as "file: imports target (layer a may not import b)". */
export function findViolations(srcDir: string): string[] {
  const violations: string[] = [];
  for (const file of typescriptFiles(srcDir)) {
    const from = layerOf(relative(srcDir, file));
    const allowed = LAYER_RULES[from];
    if (allowed === undefined) continue; // src/index.ts and unknown top-level files are the facade
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      const target = relative(srcDir, resolve(dirname(file), specifier));
      if (target.startsWith('..')) {
        violations.push(`${relative(srcDir, file)}: imports ${specifier}, outside src/`);
        continue;
      }
      const to = layerOf(target);
      if (to !== from && !allowed.includes(to)) {
        violations.push(`${relative(srcDir, file)}: imports ${specifier} (layer '${from}' may not import '${to}')`);
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const srcDir = resolve(process.argv[2] ?? 'src');
  const violations = findViolations(srcDir);
  if (violations.length > 0) {
    console.error(`Layer check failed: ${violations.length} forbidden import(s) (see DESIGN.md, "The layers"):`);
    for (const v of violations) console.error(`  ${v}`);
    process.exit(1);
  }
  console.log(`Layer check passed: imports under ${relative(process.cwd(), srcDir) || '.'} follow DESIGN.md.`);
}
