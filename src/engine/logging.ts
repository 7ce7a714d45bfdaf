import type { Logger } from 'pino';
import { ConfigError } from '../core/errors.ts';
import { LOG_LEVELS, setLogOutput, type LogLevel } from '../core/log.ts';
import { closest } from '../core/suggest.ts';

/** How `configureLogging` writes. */
export interface LoggingOptions {
  /** Lowest level written. Default 'info'. */
  readonly level?: string;
  /** Human-readable lines (pino-pretty) instead of JSON. Default: when stderr is a terminal. */
  readonly pretty?: boolean;
  /** Where lines go. Default stderr (file descriptor 2). */
  readonly destination?: NodeJS.WritableStream;
}

/** Field names whose values are never written: replaced by `******` (pino's redaction). */
const SECRET_PATHS = ['password', 'token', 'secret', 'authorization', 'sasl', 'credentials'].flatMap((name) => [name, `*.${name}`, `*.*.${name}`]);

/**
 * Makes the engine's log lines structured (pino): a level, the time, the message, and the job, vertex
 * and task on every line (`vertex` null when a line is about no one vertex); JSON when stderr is not
 * a terminal, pretty lines when it is. Secret-looking fields (password, token, sasl…) are redacted.
 * `sluice run` calls it with `--log-level`. pino loads here, not on every import of 'sluice'.
 *
 * @example
 * await configureLogging({ level: 'debug' });
 * // {"level":"warn","time":1733616000000,"job":"stocks","task":0,"vertex":"source-1","msg":"split discovery … failed"}
 */
export async function configureLogging(options: LoggingOptions = {}): Promise<Logger> {
  const level = parseLogLevel(options.level ?? 'info', 'log level');
  const destination = options.destination ?? process.stderr;
  const pretty = options.pretty ?? (process.stderr.isTTY === true && options.destination === undefined);
  const { pino } = await import('pino');
  const stream = pretty
    ? (await import('pino-pretty')).default({ destination, colorize: process.stderr.isTTY === true, sync: true })
    : destination;
  const logger = pino({
    level,
    base: undefined,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: SECRET_PATHS, censor: '******' },
  }, stream);
  setLogOutput({
    write(lineLevel, message, fields) {
      const { job = null, task = null, vertex = null, ...rest } = fields;
      logger[lineLevel]({ job, task, vertex, ...rest }, message);
    },
  });
  return logger;
}

/**
 * A log level from user input, or a ConfigError with a did-you-mean.
 *
 * @example
 * parseLogLevel('warn', '--log-level'); // 'warn'
 * parseLogLevel('warning', '--log-level'); // throws: option '--log-level': unknown level 'warning' (did you mean 'warn'?)
 */
export function parseLogLevel(value: string, option: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  const near = closest(value, LOG_LEVELS);
  throw new ConfigError(option, `unknown level '${value}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; levels: ${LOG_LEVELS.join(', ')}`);
}
