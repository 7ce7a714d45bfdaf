/**
 * Errors that name what was wrong and where: the option for configuration, the
 * topic/partition/offset (or file:line) for a record, line:column for SQL.
 *
 * @example
 * throw new ConfigError('rowsPerSecond', 'must be a positive number, got -3');
 */
export class SluiceError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A configuration option has a bad value or is unknown.
 *
 * @example
 * throw new ConfigError('format', "must be 'print', 'table' or 'json', got 'xml'");
 */
export class ConfigError extends SluiceError {
  readonly option: string;
  constructor(option: string, problem: string) {
    super(`option '${option}': ${problem}`);
    this.option = option;
  }
}

/** Where a record came from, for error messages and dead-letter headers. */
export interface RecordOrigin {
  /** Topic, file path or generator name. */
  readonly source: string;
  /** Partition (or split) number when the source has them. */
  readonly partition?: number;
  /** Offset within the partition, or line number within a file. */
  readonly offset?: number;
}

/**
 * A record could not be decoded or processed; it names where the record came from.
 *
 * @example
 * throw new RecordError({ source: 'trades', partition: 0, offset: 42 }, 'not JSON');
 */
export class RecordError extends SluiceError {
  readonly origin: RecordOrigin;
  constructor(origin: RecordOrigin, problem: string, options?: { cause?: unknown }) {
    super(`${describeOrigin(origin)}: ${problem}`, options);
    this.origin = origin;
  }
}

/**
 * A job was built wrongly (a dangling stream, a window on a stream without timestamps…).
 *
 * @example
 * try { await run(flow); } catch (e) { if (e instanceof PlanError) console.error(e.message); }
 */
export class PlanError extends SluiceError {}

/** Formats an origin as `topic/partition@offset`, `file:line` style text. */
export function describeOrigin(origin: RecordOrigin): string {
  // Without a partition the source is a file (or another line-based input): `path:line`.
  if (origin.partition === undefined) return origin.offset === undefined ? origin.source : `${origin.source}:${origin.offset}`;
  let text = `${origin.source} partition ${origin.partition}`;
  if (origin.offset !== undefined) text += ` offset ${origin.offset}`;
  return text;
}
