/**
 * Running Kafka's Java entry points: short tools (StorageTool, TopicCommand) whose output we
 * want, and the long-lived broker JVM whose output goes to a file. Every broker JVM this process
 * starts is SIGKILLed when the process exits, so a crashed test run leaves no java behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { javaBinary, kafkaClasspath } from './jars.ts';

const execFileAsync = promisify(execFile);

/** JVM flags for short-lived tools: small heap, quick start, no log4j configuration (errors only). */
const TOOL_JVM_FLAGS = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Djava.awt.headless=true'];

/**
 * Runs a Kafka main class to completion and returns its stdout; a non-zero exit becomes an
 * error that quotes the tool's output.
 *
 * @example
 * const id = (await runKafkaTool(lib, 'kafka.tools.StorageTool', ['random-uuid'])).trim();
 */
export async function runKafkaTool(libDir: string, mainClass: string, args: readonly string[], timeoutMs = 60_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync(javaBinary(), [...TOOL_JVM_FLAGS, '-cp', kafkaClasspath(libDir), mainClass, ...args], {
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${javaBinary()} not found: Java 17+ is needed to run Kafka (set JAVA_HOME or put java on PATH)`);
    throw new Error(`${mainClass} ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`.trim());
  }
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * A JVM started in the background. `exited` settles with its exit code (or signal) when it ends.
 *
 * @example
 * console.log(await jvm.exited); // 'exit code 0'
 */
export interface JavaProcess {
  readonly pid: number;
  readonly exited: Promise<string>;
  isRunning(): boolean;
  signal(signal: NodeJS.Signals): void;
}

/**
 * Starts `java <jvmArgs> -cp lib/* <mainClass> <args>` with stdout and stderr appended to
 * `outputFile`; the JVM does not hold pipes to this process, so a busy event loop cannot stall it.
 *
 * @example
 * const jvm = spawnJava(lib, ['-Xmx512m'], 'kafka.Kafka', ['server.properties'], 'logs/kafka.out');
 */
export function spawnJava(libDir: string, jvmArgs: readonly string[], mainClass: string, args: readonly string[], outputFile: string): JavaProcess {
  return spawnJvm([...jvmArgs, '-cp', kafkaClasspath(libDir), mainClass, ...args], outputFile);
}

/**
 * Starts `java <args>` (e.g. `-jar app.jar`) as {@link spawnJava} does: output appended to
 * `outputFile`, SIGKILLed when this process exits.
 *
 * @example
 * const jvm = spawnJvm(['-Dquarkus.http.port=8081', '-jar', 'registry-runner.jar'], 'logs/registry.out');
 */
export function spawnJvm(javaArgs: readonly string[], outputFile: string): JavaProcess {
  killAllOnExit();
  const out = openSync(outputFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(javaBinary(), javaArgs, { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
  let alive = true;
  running.add(child);
  const exited = new Promise<string>((resolve) => {
    const done = (description: string): void => {
      alive = false;
      running.delete(child);
      resolve(description);
    };
    child.once('exit', (code, signal) => done(signal ? `killed by ${signal}` : `exit code ${code}`));
    child.once('error', (error) => done(`could not start ${javaBinary()}: ${error.message}`));
  });
  return {
    pid: child.pid ?? -1,
    exited,
    isRunning: () => alive,
    signal: (signal) => {
      if (alive) child.kill(signal);
    },
  };
}

/**
 * Stops a JVM: SIGTERM, then SIGKILL if it has not exited after `graceMs` (at once when
 * `graceMs` is 0: a crash); resolves once it is gone.
 *
 * @example
 * await terminate(jvm, 15_000);
 */
export async function terminate(jvm: JavaProcess, graceMs: number): Promise<void> {
  if (!jvm.isRunning()) return;
  if (graceMs <= 0) {
    jvm.signal('SIGKILL');
    await jvm.exited;
    return;
  }
  jvm.signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), graceMs);
  });
  const outcome = await Promise.race([jvm.exited, gaveUp]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    jvm.signal('SIGKILL');
    await jvm.exited;
  }
}

/**
 * The size of a file, 0 when it does not exist yet (a log is created by the JVM once it starts).
 *
 * @example
 * const offset = fileSize('logs/server.log');
 */
export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * The last `lines` lines of a file, or a note that it does not exist.
 *
 * @example
 * throw new Error(`broker failed:\n${tail('logs/server.log')}`);
 */
export function tail(path: string, lines = 40): string {
  if (!existsSync(path)) return `(${path} does not exist)`;
  return readFileSync(path, 'utf8').split('\n').slice(-lines - 1).join('\n');
}

/**
 * Whether the file contains `text` after byte `fromOffset`.
 *
 * @example
 * if (containsAfter('logs/server.log', 'Kafka Server started', offset)) console.log('up');
 */
export function containsAfter(path: string, text: string, fromOffset: number): boolean {
  const length = fileSize(path) - fromOffset;
  if (length <= 0) return false;
  const fd = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, fromOffset);
    return bytes.includes(text);
  } finally {
    closeSync(fd);
  }
}
