// The dashboard in a real browser: Debian's chromium (installed by the scripts when missing), driven by
// puppeteer-core. Screenshots go to test-artifacts/ (git-ignored).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { Dataflow, InProcessLog, logSource, memorySink, start } from 'sluice';
import { buildDashboard } from '../../scripts/build-dashboard.ts';
import { ensureDebianProgram } from '../../scripts/debian-package.ts';
import { ROOT } from '../examples/run-cli.ts';
import { api } from './rest-helpers.ts';

// Code that runs in the page, typed loosely: the tests' tsconfig has no DOM library.
interface PageElement { readonly dataset: Record<string, string | undefined>; readonly textContent: string | null }
declare const document: { querySelector(selector: string): PageElement | null };

const ARTIFACTS = join(ROOT, 'test-artifacts');
const WAIT = { timeout: 120_000 };
let browser: Browser;

before(async () => {
  await buildDashboard();
  const chromium = await ensureDebianProgram('chromium', 'chromium');
  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(ARTIFACTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

interface Trade { symbol: string; shares: number }

function job(log: InProcessLog, poison?: string): Dataflow {
  const flow = new Dataflow('dashboard-job');
  flow
    .input('trades', logSource<Trade>(log, { topic: 'trades' }))
    .map((t) => {
      if (t.symbol === poison) throw new Error(`cannot price ${poison}`);
      return t;
    })
    .keyBy((t) => t.symbol)
    .statefulMap(() => 0, (sum: number, t) => [sum + t.shares, { symbol: t.symbol, total: sum + t.shares }], 'running-total')
    .output('totals', memorySink());
  return flow;
}

async function samplesOf(page: Page): Promise<{ samples: number; last: number }> {
  return page.$eval('.chart-rate', (el) => ({ samples: Number((el as unknown as PageElement).dataset.samples ?? 0), last: Number((el as unknown as PageElement).dataset.last ?? 0) }));
}

test('the dashboard draws the job graph, a moving rate chart while data flows, and a checkpoint row', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-dash-'));
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 2 });
  const handle = start(job(log), { handleSignals: false, checkpointDir: dir, checkpointInterval: 3_600_000, ui: { port: 0 } });
  let n = 0;
  const feeder = setInterval(() => {
    log.produce('trades', Array.from({ length: 50 }, () => ({ key: null, value: JSON.stringify({ symbol: `S${n % 4}`, shares: (n++ % 9) + 1 }) })));
  }, 100);
  const page = await browser.newPage();
  try {
    const { url, jobId } = await handle.ui!;
    await page.goto(`${url}/`);
    const details = (await api(`${url}/jobs/${jobId}`)).body;
    for (const vertex of details.vertices) await page.waitForSelector(`g[data-vertex="${vertex.id}"]`, WAIT);
    const edges = details.plan.nodes.reduce((count: number, node: any) => count + node.inputs.length, 0);
    assert.equal((await page.$$('polyline.edge')).length, edges, 'one drawn edge per input of the plan');
    assert.match(await page.$eval(`g[data-vertex="running-total"]`, (el) => el.textContent ?? ''), /running-total/);
    // The rate chart gains points while records flow, and shows a rate above 0.
    await page.waitForFunction(() => {
      const el = document.querySelector('.chart-rate');
      return el !== null && Number(el.dataset.samples) >= 3 && Number(el.dataset.last) > 0;
    }, WAIT);
    const before = await samplesOf(page);
    await page.waitForFunction((seen: number) => Number(document.querySelector('.chart-rate')!.dataset.samples) > seen, WAIT, before.samples);
    assert.ok((await samplesOf(page)).samples > before.samples, 'the chart moved');
    const id = await handle.checkpoint();
    await page.waitForSelector(`tr[data-checkpoint-id="${id}"]`, WAIT);
    assert.match(await page.$eval(`tr[data-checkpoint-id="${id}"]`, (el) => el.textContent ?? ''), /COMPLETED/);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-running.png'), fullPage: true });
  } finally {
    clearInterval(feeder);
    await page.close();
    await handle.stop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
});

test('the dashboard of a failed job shows its state and exception', { timeout: 300_000 }, async () => {
  const log = new InProcessLog();
  log.createTopic('trades', { partitions: 1 });
  const handle = start(job(log, 'BAD'), { handleSignals: false, ui: { port: 0, keepOpen: true } });
  const { url } = await handle.ui!;
  const page = await browser.newPage();
  try {
    await page.goto(`${url}/`);
    await page.waitForSelector('g[data-vertex="running-total"]', WAIT);
    log.produce('trades', [{ key: null, value: JSON.stringify({ symbol: 'BAD', shares: 1 }) }]);
    await assert.rejects(handle.done, /cannot price BAD/);
    await page.waitForSelector('[data-state="FAILED"]', WAIT);
    await page.waitForFunction(() => /cannot price BAD/.test(document.querySelector('.exceptions')?.textContent ?? ''), WAIT);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failed.png'), fullPage: true });
  } finally {
    await page.close();
    await (await handle.ui!).close();
  }
});
