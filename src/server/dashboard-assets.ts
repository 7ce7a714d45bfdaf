import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built dashboard (`npm run build:dashboard`): dashboard/dist beside src/ or dist/. */
const DIST = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** A file of the dashboard, or why there is none. */
export type DashboardFile = { readonly body: Buffer; readonly contentType: string } | { readonly missing: string };

/**
 * Reads a file of the built dashboard (`index.html`, `assets/app.js`…); never outside its directory.
 *
 * @example
 * const file = await dashboardFile('index.html');
 * if ('body' in file) reply.type(file.contentType).send(file.body);
 */
export async function dashboardFile(path: string): Promise<DashboardFile> {
  const relative = normalize(path).replace(/^(\.\.(\/|\\|$))+/, '');
  const type = TYPES[extname(relative)];
  if (type === undefined || relative.includes('..')) return { missing: `no dashboard file '${path}'` };
  try {
    return { body: await readFile(join(DIST, relative)), contentType: type };
  } catch {
    return { missing: relative === 'index.html'
      ? 'the dashboard is not built: run npm run build:dashboard (an installed package ships it built)'
      : `no dashboard file '${path}'` };
  }
}
