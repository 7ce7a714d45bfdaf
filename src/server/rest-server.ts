import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { closest } from '../core/suggest.ts';
import { queryKey, scanKeys, StateQueryError } from '../runtime/state-query.ts';
import { checkpointsJson, configJson, exceptionsJson, jobDetails, jobsList, jobsOverview, kafkaLagJson, vertexBackpressure, vertexWatermarks } from './flink-json.ts';
import type { JobMonitor } from './job-monitor.ts';
import { dashboardFile } from './dashboard-assets.ts';
import { PrometheusMetrics } from './prometheus-metrics.ts';
import type { CheckedUiOptions } from './ui-options.ts';

/** A running REST server: where it listens, and how to stop it. */
export interface UiServer {
  /** e.g. `http://127.0.0.1:8081` (the real port when 0 was asked). */
  readonly url: string;
  close(): Promise<void>;
}

/** A request the API refuses: its HTTP status and a message naming what was wrong. */
class HttpProblem extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Params = { id?: string; vid?: string; operator?: string };
type Query = Record<string, string | undefined>;

const STATE_QUERY_PARAMS = ['key', 'prefix', 'from', 'to', 'limit', 'token'];

/**
 * Serves a job's REST API (Flink's paths and shapes), its Prometheus metrics and queryable state,
 * with Fastify — a thin adapter over the JobMonitor and the runtime's state queries. Errors are JSON
 * `{ errors: [message], status }` (Flink's error body, with the status), never a stack trace. With a
 * token, every request must send `Authorization: Bearer <token>`.
 *
 * Routes: `GET /jobs`, `/jobs/overview`, `/jobs/:id`, `/jobs/:id/checkpoints`, `/jobs/:id/exceptions`,
 * `/jobs/:id/config`, `/jobs/:id/kafka-lag`, `/jobs/:id/vertices/:vid/watermarks`,
 * `/jobs/:id/vertices/:vid/backpressure`, `/jobs/:id/state/:operator?key=…` (or `prefix`/`from`/`to`/
 * `limit` to scan), `/metrics`; `PATCH /jobs/:id?mode=cancel` and `POST /jobs/:id/stop` stop the job
 * with a final checkpoint. `GET /` is the dashboard (built by `npm run build:dashboard`), live through
 * the server-sent events of `GET /jobs/:id/events` (the job, its checkpoints and exceptions, every
 * second and at each change).
 *
 * @example
 * const server = await startRestServer(monitor, { host: '127.0.0.1', port: 0, token: undefined, keepOpen: false });
 * console.log(`${server.url}/jobs`);
 * await server.close();
 */
export async function startRestServer(monitor: JobMonitor, options: CheckedUiOptions): Promise<UiServer> {
  // Open event streams (the dashboard's) must not keep close() waiting.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const metrics = new PrometheusMetrics(monitor);
  if (options.token !== undefined) app.addHook('onRequest', tokenCheck(options.token));
  app.setErrorHandler((error, _request, reply) => {
    const status = error instanceof HttpProblem ? error.status
      : error instanceof StateQueryError ? (error.reason === 'notFound' ? 404 : 400)
      : typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    const message = error instanceof Error ? error.message : String(error);
    void reply.code(status).type('application/json').send({ errors: [message], status });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ errors: [`no such endpoint: ${request.method} ${request.url.split('?')[0]}; see GET /jobs, /jobs/:id, /metrics`], status: 404 });
  });
  registerRoutes(app, monitor, metrics);
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}

function registerRoutes(app: FastifyInstance, monitor: JobMonitor, metrics: PrometheusMetrics): void {
  const job = (request: FastifyRequest): JobMonitor => {
    const id = (request.params as Params).id;
    if (id !== monitor.id) throw new HttpProblem(404, `no job '${id}': this server runs job ${monitor.id} ('${monitor.name}')`);
    return monitor;
  };
  const vertex = (request: FastifyRequest): ReturnType<JobMonitor['vertices']>[number] => {
    const vid = (request.params as Params).vid ?? '';
    const vertices = job(request).vertices();
    const found = vertices.find((v) => v.id === vid || v.uid === vid);
    if (found !== undefined) return found;
    const near = closest(vid, vertices.map((v) => v.id));
    throw new HttpProblem(404, `no vertex '${vid}' in job ${monitor.id}${near === undefined ? '' : ` (did you mean '${near}'?)`}; vertices: ${vertices.map((v) => v.id).join(', ')}`);
  };
  app.get('/jobs', async () => jobsList(monitor));
  app.get('/jobs/overview', async () => jobsOverview(monitor));
  app.get('/jobs/:id', async (request) => jobDetails(job(request)));
  app.get('/jobs/:id/checkpoints', async (request) => checkpointsJson(job(request)));
  app.get('/jobs/:id/exceptions', async (request) => exceptionsJson(job(request)));
  app.get('/jobs/:id/config', async (request) => configJson(job(request)));
  app.get('/jobs/:id/kafka-lag', async (request) => kafkaLagJson(job(request)));
  app.get('/jobs/:id/vertices/:vid/watermarks', async (request) => vertexWatermarks(vertex(request)));
  app.get('/jobs/:id/vertices/:vid/backpressure', async (request) => vertexBackpressure(vertex(request)));
  app.get('/jobs/:id/state/:operator', async (request) => {
    const target = job(request);
    const operator = (request.params as Params).operator ?? '';
    const query = request.query as Query;
    checkQueryParams(query);
    const graph = target.graph();
    if (query.key !== undefined) {
      if (query.prefix !== undefined || query.from !== undefined || query.to !== undefined) {
        throw new HttpProblem(400, 'give either key (one key) or prefix/from/to (a scan), not both');
      }
      return queryKey(graph, operator, query.key);
    }
    const limit = query.limit === undefined ? undefined : Number(query.limit);
    if (query.limit !== undefined && (query.limit.trim() === '' || !Number.isInteger(limit))) throw new HttpProblem(400, `limit must be an integer, got '${query.limit}'`);
    return scanKeys(graph, operator, { prefix: query.prefix, from: query.from, to: query.to, limit });
  });
  const cancel = async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const target = job(request);
    if (!target.cancel()) throw new HttpProblem(409, `job ${target.id} is ${target.state}, not RUNNING: nothing to stop`);
    return reply.code(202).send({ jid: target.id, state: target.state });
  };
  app.patch('/jobs/:id', async (request, reply) => {
    const mode = (request.query as Query).mode;
    if (mode !== undefined && mode !== 'cancel' && mode !== 'stop') throw new HttpProblem(400, `mode must be 'cancel' or 'stop', got '${mode}'`);
    return cancel(request, reply);
  });
  app.post('/jobs/:id/stop', cancel);
  app.get('/jobs/:id/events', (request, reply) => {
    const target = job(request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (): void => {
      raw.write(`data: ${JSON.stringify({ job: jobDetails(target), checkpoints: checkpointsJson(target), exceptions: exceptionsJson(target) })}\n\n`);
    };
    send();
    // Every second for the rates, and at once when a checkpoint completes or the job's state changes.
    const timer = setInterval(send, 1_000);
    const unsubscribe = target.onChange(send);
    request.raw.once('close', () => {
      clearInterval(timer);
      unsubscribe();
    });
  });
  const serveDashboard = async (path: string, reply: FastifyReply): Promise<unknown> => {
    const file = await dashboardFile(path);
    if ('missing' in file) throw new HttpProblem(404, file.missing);
    return reply.type(file.contentType).send(file.body);
  };
  app.get('/', async (_request, reply) => serveDashboard('index.html', reply));
  app.get('/assets/:file', async (request, reply) => serveDashboard(`assets/${(request.params as { file: string }).file}`, reply));
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
}

/** An unknown query parameter is an error with a did-you-mean, never ignored. */
function checkQueryParams(query: Query): void {
  for (const name of Object.keys(query)) {
    if (STATE_QUERY_PARAMS.includes(name)) continue;
    const near = closest(name, STATE_QUERY_PARAMS);
    throw new HttpProblem(400, `unknown query parameter '${name}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; known: ${STATE_QUERY_PARAMS.join(', ')}`);
  }
}

/** Refuses (401) a request without `Authorization: Bearer <token>` (or `?token=`); compares in constant time. */
function tokenCheck(token: string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const expected = Buffer.from(token);
  return async (request, reply) => {
    const header = request.headers.authorization ?? '';
    // The browser's EventSource cannot send headers: the dashboard passes the token as ?token=.
    const fromQuery = (request.query as Query | undefined)?.token;
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : (fromQuery ?? ''));
    if (given.length === expected.length && timingSafeEqual(given, expected)) return;
    await reply.code(401).header('www-authenticate', 'Bearer').send({ errors: ['missing or wrong bearer token (Authorization: Bearer <token>)'], status: 401 });
  };
}
