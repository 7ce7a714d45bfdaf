/**
 * Builds the job dashboard (dashboard/src: Preact, dagre, uPlot) into dashboard/dist with esbuild:
 * one minified script, its styles and uPlot's, and the page. `npm run build:dashboard`; `npm pack`
 * runs it (prepack), so the package ships the built files and nothing is fetched from a CDN.
 *
 * Usage: node scripts/build-dashboard.ts
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Bundles the dashboard into `dashboard/dist` (index.html and assets/); returns that directory.
 *
 * @example
 * await buildDashboard();
 */
export async function buildDashboard(): Promise<string> {
  const src = join(ROOT, 'dashboard', 'src');
  const out = join(ROOT, 'dashboard', 'dist');
  await mkdir(join(out, 'assets'), { recursive: true });
  await build({
    entryPoints: [join(src, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    outfile: join(out, 'assets', 'app.js'),
    logLevel: 'warning',
  });
  await copyFile(join(src, 'index.html'), join(out, 'index.html'));
  await copyFile(join(src, 'dashboard.css'), join(out, 'assets', 'dashboard.css'));
  await copyFile(join(ROOT, 'node_modules', 'uplot', 'dist', 'uPlot.min.css'), join(out, 'assets', 'uPlot.min.css'));
  return out;
}

if (import.meta.main) {
  const out = await buildDashboard();
  console.log(`dashboard built into ${out}`);
}
