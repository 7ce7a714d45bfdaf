/**
 * A client of a Confluent-compatible schema registry's REST API (Confluent Schema Registry, Apicurio's
 * /apis/ccompat/v7, Redpanda, Karapace): schemas by id, registering a subject's schema, and a check
 * that the registry answers. Credentials go as HTTP basic auth.
 */
import { ConfigError, SluiceError } from '../../core/errors.ts';

/** How to reach a registry. */
export interface SchemaRegistrySettings {
  /** The API's base URL, e.g. http://localhost:8081 (Apicurio: http://host:8080/apis/ccompat/v7). */
  readonly url: string;
  /** 'user:password' for HTTP basic auth (Flink's 'avro-confluent.basic-auth.user-info'). */
  readonly userInfo?: string;
  /** The option errors name; default 'avro-confluent.url'. */
  readonly option?: string;
}

/** A schema the registry holds, as it serves it. */
export interface RegisteredSchema {
  readonly id: number;
  /** The schema's JSON text. */
  readonly schema: string;
}

/** A registry that answered with an error status (e.g. 404 / 40403 for an unknown schema id). */
export class SchemaRegistryError extends SluiceError {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A schema registry client.
 *
 * @example
 * const registry = new SchemaRegistryClient({ url: 'http://127.0.0.1:8081' });
 * const id = await registry.register('trades-value', '{"type":"record","name":"trade","fields":[]}');
 * (await registry.schemaById(id)).schema // '{"type":"record",…}'
 */
export class SchemaRegistryClient {
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly option: string;

  constructor(settings: SchemaRegistrySettings) {
    this.option = settings.option ?? 'avro-confluent.url';
    let parsed: URL;
    try {
      parsed = new URL(settings.url);
    } catch {
      throw new ConfigError(this.option, `is not a URL: '${settings.url}'`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConfigError(this.option, `must be an http(s) URL, got '${settings.url}'`);
    this.url = settings.url.replace(/\/+$/, '');
    this.headers = { 'Accept': CONTENT_TYPE, 'Content-Type': CONTENT_TYPE };
    if (settings.userInfo !== undefined) {
      if (!settings.userInfo.includes(':')) throw new ConfigError('avro-confluent.basic-auth.user-info', "must be 'user:password'");
      this.headers['Authorization'] = `Basic ${Buffer.from(settings.userInfo).toString('base64')}`;
    }
  }

  /** The base URL (without credentials), for messages. */
  get baseUrl(): string {
    return this.url;
  }

  /** Resolves when the registry answers; a clear error naming the URL when it does not. */
  async check(): Promise<void> {
    await this.request('GET', '/subjects');
  }

  /** The schema with this id; a {@link SchemaRegistryError} with status 404 when the registry has none. */
  async schemaById(id: number): Promise<RegisteredSchema> {
    const body = await this.request('GET', `/schemas/ids/${id}`) as { schema?: unknown; schemaType?: unknown };
    if (typeof body.schema !== 'string') throw new SluiceError(`schema registry ${this.url}: schema ${id} came without its text`);
    if (body.schemaType !== undefined && body.schemaType !== 'AVRO') {
      throw new SchemaRegistryError(`schema ${id} is a ${String(body.schemaType)} schema, not Avro`, 422);
    }
    return { id, schema: body.schema };
  }

  /** Registers `schema` under `subject` (or finds it registered already) and returns its id. */
  async register(subject: string, schema: string): Promise<number> {
    const body = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, { schema }) as { id?: unknown };
    if (typeof body.id !== 'number') throw new SluiceError(`schema registry ${this.url}: registering subject '${subject}' gave no id`);
    return body.id;
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method, headers: this.headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new ConfigError(this.option, `the schema registry at ${this.url} is not reachable (${cause})`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text;
      try {
        message = (JSON.parse(text) as { message?: string }).message ?? text;
      } catch { /* not JSON: keep the text */ }
      if (response.status === 401 || response.status === 403) {
        throw new SchemaRegistryError(`schema registry ${this.url} refused the credentials (HTTP ${response.status}): ${message}`, response.status);
      }
      throw new SchemaRegistryError(`schema registry ${this.url}: ${method} ${path} failed (HTTP ${response.status}): ${message}`, response.status);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new SluiceError(`schema registry ${this.url}: ${method} ${path} answered with no JSON: ${text.slice(0, 80)}`);
    }
  }
}
