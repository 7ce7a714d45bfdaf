/**
 * A real Prometheus server (Debian's `prometheus` package, installed when missing) for the metrics
 * tests: started on a free port with a scrape config for the given targets, its TSDB in a temporary
 * directory, stopped and removed afterwards.
 *
 * Usage by hand: npx node scripts/prometheus/prometheus.ts start 127.0.0.1:8081 (runs until Ctrl-C).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianProgram } from '../debian-package.ts';
import { freePorts } from '../kafka/ports.ts';

/** What to scrape. */
export interface PrometheusOptions {
  /** `host:port` of each target's /metrics. */
  readonly targets: readonly string[];
  /** Seconds between scrapes. Default 1. */
  readonly scrapeIntervalSeconds?: number;
  /** Sent as `Authorization: Bearer <token>` to the targets. */
  readonly bearerToken?: string;
}

/** A running Prometheus. */
export interface PrometheusServer {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Runs an instant PromQL query; the result vector as { labels, value }. */
  query(expr: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  /** The scrape targets' health as Prometheus reports it. */
  targets(): Promise<{ scrapeUrl: string; health: string; lastError: string }[]>;
  stop(): Promise<void>;
}

/**
 * Installs Prometheus if needed and starts it; resolves once it is ready (`/-/ready`).
 *
 * @example
 * const prometheus = await startPrometheus({ targets: ['127.0.0.1:8081'] });
 * await prometheus.query('sluice_numRecordsIn');
 * await prometheus.stop();
 */
export async function startPrometheus(options: PrometheusOptions): Promise<PrometheusServer> {
  const binary = await ensureDebianProgram('prometheus', 'prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'sluice-prometheus-'));
  const [port] = await freePorts(1);
  const interval = options.scrapeIntervalSeconds ?? 1;
  const auth = options.bearerToken === undefined ? '' : `\n    authorization:\n      credentials: '${options.bearerToken}'`;
  await writeFile(join(dir, 'prometheus.yml'), [
    'global:',
    `  scrape_interval: ${interval}s`,
    `  scrape_timeout: ${interval}s`,
    'scrape_configs:',
    '  - job_name: sluice',
    // Sluice labels its series with the job's name (`job`): keep it rather than renaming it exported_job.
    '    honor_labels: true',
    `    static_configs:\n      - targets: [${options.targets.map((t) => `'${t}'`).join(', ')}]${auth}`,
    '',
  ].join('\n'));
  const child = spawn(binary, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => { log = (log + chunk.toString('utf8')).slice(-20_000); });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async query(expr) {
      const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = await response.json() as { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success') throw new Error(`Prometheus query ${expr} failed: ${body.error}`);
      return body.data.result.map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
    },
    async targets() {
      const response = await fetch(`${url}/api/v1/targets`);
      const body = await response.json() as { data: { activeTargets: { scrapeUrl: string; health: string; lastError: string }[] } };
      return body.data.activeTargets;
    },
    stop,
  };
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`prometheus did not become ready within 120 s:\n${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

if (import.meta.main && process.argv[2] === 'start') {
  const server = await startPrometheus({ targets: process.argv.slice(3) });
  console.log(`Prometheus at ${server.url}, scraping ${process.argv.slice(3).join(', ')}. Press Ctrl-C to stop.`);
  process.once('SIGINT', () => void server.stop().then(() => process.exit(0)));
}
