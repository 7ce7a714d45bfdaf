/**
 * kcat (librdkafka's command-line client) as an independent producer and consumer in tests: what
 * Sluice writes is read back by a client that shares none of its code, and the other way round.
 * Installed from Debian's package when missing.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { findProgram } from '../debian-package.ts';

const execFileAsync = promisify(execFile);

/** Separates records in kcat's consumer output; a control character no test value contains. */
const RECORD_END = '\u001e';
/** Separates key and value when a producer gives every line the same key. */
const FIXED_KEY_DELIMITER = '\u001f';


async function aptGetInstall(): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Wait for a concurrent apt-get (another test process installing the same) instead of failing.
  const install = (): Promise<unknown> => execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'install', '-y', '-q', 'kcat'], { env });
  try {
    await install();
  } catch {
    // A fresh machine has empty package lists: fetch them, then try once more.
    await execFileAsync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', 'update', '-q'], { env });
    await install();
  }
}

let installing: Promise<string> | undefined;

/**
 * The path of kcat, installing Debian's `kcat` package first when it is not on PATH.
 *
 * @example
 * const kcat = await ensureKcat(); // '/usr/bin/kcat'
 */
export function ensureKcat(): Promise<string> {
  installing ??= (async () => {
    const found = findProgram('kcat');
    if (found !== undefined) return found;
    try {
      await aptGetInstall();
    } catch (error) {
      installing = undefined;
      const e = error as Error & { stderr?: string };
      throw new Error(`kcat is not installed and apt-get could not install it (run: apt-get install kcat): ${e.message}\n${e.stderr ?? ''}`);
    }
    const installed = findProgram('kcat');
    if (installed === undefined) throw new Error('apt-get installed kcat but it is not on PATH');
    return installed;
  })();
  return installing;
}

/** Runs kcat with `input` on stdin; resolves with stdout, rejects on a non-zero exit or timeout. */
async function runKcat(args: readonly string[], input: string | undefined, timeoutMs: number): Promise<string> {
  const kcat = await ensureKcat();
  return new Promise((resolve, reject) => {
    const child = spawn(kcat, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (timedOut) reject(new KcatTimeoutError(`kcat ${args.join(' ')} timed out after ${timeoutMs} ms. ${stderr}`, stdout));
      else if (code !== 0) reject(new Error(`kcat ${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/**
 * kcat ran out of time; `partialOutput` is what it printed until then.
 *
 * @example
 * try { await kcatConsume(b, t, { count: 10 }); } catch (e) { if (e instanceof KcatTimeoutError) console.log(e.partialOutput); }
 */
export class KcatTimeoutError extends Error {
  readonly partialOutput: string;
  constructor(message: string, partialOutput: string) {
    super(message);
    this.name = 'KcatTimeoutError';
    this.partialOutput = partialOutput;
  }
}

function configArgs(config: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(config ?? {}).flatMap(([key, value]) => ['-X', `${key}=${value}`]);
}

/** How kcatProduce writes. */
export interface KcatProduceOptions {
  /** Every message gets this key. */
  key?: string;
  /** Each line is `key<keyDelimiter>value` (kcat -K). Ignored when `key` is given. */
  keyDelimiter?: string;
  /** Separates messages in the input (kcat -D). Default '\n', so a line may not contain a newline. */
  delimiter?: string;
  /** Write to this partition only (kcat -p); default: the partitioner picks by key. */
  partition?: number;
  /** librdkafka properties (kcat -X), e.g. { 'compression.codec': 'lz4' }. */
  config?: Readonly<Record<string, string>>;
  /** Default 60 s. */
  timeoutMs?: number;
}

/**
 * Produces one message per line with acks=all and waits until every one is delivered; fails when
 * any delivery fails (for instance, the topic does not exist).
 *
 * @example
 * await kcatProduce(bootstrap, 'trades', ['{"p":1}', '{"p":2}'], { key: 'AAPL' });
 */
export async function kcatProduce(bootstrap: string, topic: string, lines: readonly string[], options: KcatProduceOptions = {}): Promise<void> {
  const delimiter = options.delimiter ?? '\n';
  const args = ['-P', '-b', bootstrap, '-t', topic, '-D', delimiter, '-X', 'acks=all', ...configArgs(options.config)];
  if (options.partition !== undefined) args.push('-p', String(options.partition));
  let messages = lines;
  if (options.key !== undefined) {
    args.push('-K', FIXED_KEY_DELIMITER);
    messages = lines.map((line) => `${options.key}${FIXED_KEY_DELIMITER}${line}`);
  } else if (options.keyDelimiter !== undefined) {
    args.push('-K', options.keyDelimiter);
  }
  await runKcat(args, messages.join(delimiter) + delimiter, options.timeoutMs ?? 60_000);
}

/** How kcatConsume reads. */
export interface KcatConsumeOptions {
  /** Wait for exactly this many messages; without it, read to the current end of every partition. */
  count?: number;
  /** 'read_committed' hides aborted and open transactions (kcat -X isolation.level=...). */
  isolation?: 'read_committed' | 'read_uncommitted';
  /** Print each message as `key<keyDelimiter>value`. */
  keyDelimiter?: string;
  /** Print each message's offset instead (for binary records, e.g. a changelog's). */
  offsets?: boolean;
  /** Read this partition only. */
  partition?: number;
  /** librdkafka properties (kcat -X). */
  config?: Readonly<Record<string, string>>;
  /** Default 30 s; then the call fails with a KcatTimeoutError holding what was read. */
  timeoutMs?: number;
}

/**
 * Reads a topic from the beginning and returns the message values (or `key<delim>value`) in the
 * order kcat printed them (per partition in offset order; partitions interleave).
 *
 * @example
 * const values = await kcatConsume(bootstrap, 'out', { count: 3, isolation: 'read_committed' });
 */
export async function kcatConsume(bootstrap: string, topic: string, options: KcatConsumeOptions = {}): Promise<string[]> {
  const format = options.offsets === true ? `%o${RECORD_END}` : options.keyDelimiter === undefined ? `%s${RECORD_END}` : `%k${options.keyDelimiter}%s${RECORD_END}`;
  const args = ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-q', '-f', format, ...configArgs(options.config)];
  if (options.isolation !== undefined) args.push('-X', `isolation.level=${options.isolation}`);
  if (options.partition !== undefined) args.push('-p', String(options.partition));
  // With a count, wait for that many (they may still be on their way); else stop at the end.
  args.push(...(options.count === undefined ? ['-e'] : ['-c', String(options.count)]));
  const output = await runKcat(args, undefined, options.timeoutMs ?? 30_000);
  const records = output.split(RECORD_END);
  records.pop(); // after the last separator
  return records;
}
