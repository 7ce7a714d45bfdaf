import { AsyncLocalStorage } from 'node:async_hooks';

/** Log levels, lowest first (pino's). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What a log line carries besides its message: `vertex` when it is about one, anything else useful. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where log lines go. The default writes warnings to stderr as `sluice: message` (an error is also
 * thrown to the caller, who reports it, so the default leaves error lines out); the CLI installs a
 * pino logger (engine/logging.ts) with levels, JSON or pretty output.
 *
 * @example
 * const collected: string[] = [];
 * setLogOutput({ write: (level, message) => collected.push(`${level} ${message}`) });
 */
export interface LogOutput {
  write(level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields): void;
}

const consoleOutput: LogOutput = {
  write(level, message) {
    if (level === 'warn') console.warn(`sluice: ${message}`);
  },
};

let output: LogOutput = consoleOutput;
const context = new AsyncLocalStorage<LogFields>();

/**
 * Sends every later log line to `next` (undefined: back to the default). Returns the previous output.
 *
 * @example
 * const previous = setLogOutput(myOutput);
 * setLogOutput(previous);
 */
export function setLogOutput(next: LogOutput | undefined): LogOutput {
  const previous = output;
  output = next ?? consoleOutput;
  return previous;
}

/**
 * Runs `fn` with `fields` (a job's name and task) added to every line logged inside it, including
 * from callbacks and promises it starts: so a line from a Kafka fetcher says which job it serves.
 *
 * @example
 * await withLogContext({ job: 'stocks', task: 0 }, () => runner.run());
 */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

function write(level: Exclude<LogLevel, 'silent'>, message: string, fields: LogFields | undefined): void {
  output.write(level, message, { ...context.getStore(), ...fields });
}

/**
 * The engine's logger: each line has a level, a message and fields (the job and task from
 * {@link withLogContext}, the vertex where one is concerned).
 *
 * @example
 * log.warn(`split discovery of source '${id}' failed, retrying later`, { vertex: id });
 */
export const log = {
  debug: (message: string, fields?: LogFields): void => write('debug', message, fields),
  info: (message: string, fields?: LogFields): void => write('info', message, fields),
  warn: (message: string, fields?: LogFields): void => write('warn', message, fields),
  error: (message: string, fields?: LogFields): void => write('error', message, fields),
};
