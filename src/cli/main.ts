import { parseArgs } from 'node:util';
import { configureLogging, parseLogLevel, parseStateBackendKind, SluiceError, type UiOptions } from '../index.ts';
import { applicationOptions, describeCommand } from './application-commands.ts';
import { resetCommand } from './reset-command.ts';
import { runCommand } from './run-command.ts';
import { runSqlShell } from './sql-shell.ts';

const USAGE = `Usage: sluice <command> [options]

Commands:
  run <job.ts|job.sql> Run a Dataflow job module or a Flink SQL script until its input ends or Ctrl-C
      --checkpoint-dir <dir>   resume from and write checkpoints to <dir>
      --checkpoint-interval <ms>  milliseconds between checkpoints (default 10000 with --checkpoint-dir)
      --state-backend <b>      where keyed state lives: heap (default) or lmdb (on disk, larger than memory);
                               a SQL script's SET 'state.backend.type' takes precedence
      --state-dir <dir>        lmdb's working directory (default: a temporary directory)
      --allow-non-restored-state  restore even when the job changed: drop the state of steps it no longer
                               has and start steps whose state changed shape empty (each one reported)
      --parallelism <n>        run a job module as n tasks (worker threads) splitting the source partitions;
                               partition-local jobs only (keyed jobs scale with --application-id); checkpoints go to
                               <dir>/task-<i>-of-<n>
      --application-id <app>   run as a member of the scaled application <app> (Kafka Streams' application.id):
                               every instance started with the same id joins its consumer group and gets a
                               share of its tasks; keyed steps go through repartition topics; each task
                               checkpoints into <checkpoint-dir>/<app>/<task> (default: a temporary directory)
      --threads <n>            run n members of the application in this process, one worker thread each
                               (Kafka Streams' num.stream.threads; job modules only)
      --instance-id <id>       static membership (group.instance.id): a restart within the session timeout
                               gets its tasks back without moving any
      --session-timeout <ms>   how long the group waits for a silent instance before moving its tasks
      --ui                     serve the job's REST API and Prometheus metrics (/jobs, /metrics) while it runs
      --ui-port <n>            the REST API's port (default 8081; 0 picks a free one)
      --ui-host <addr>         the address it binds (default 127.0.0.1); any other needs a token in the
                               environment variable SLUICE_UI_TOKEN (16+ characters, sent as a Bearer token)
      --log-level <level>      trace, debug, info (default), warn, error, fatal or silent; log lines are JSON
                               (pino) with the job, vertex and task, pretty when stderr is a terminal
      --no-status              no refreshing status line
      --format <f>             how a SQL script's SELECT prints rows: changelog (default), table, json, csv
  describe <app>      A scaled application's members, their tasks, and the lag of every input partition
      --bootstrap-servers <host:port,…>  the Kafka cluster (required)
  reset <app>         Start a scaled application over (Kafka Streams' application reset tool): delete its
                      internal topics (<app>-…-repartition, <app>-…-changelog) and its consumer group with
                      the committed input offsets. Refused while an instance runs.
      --bootstrap-servers <host:port,…>  the Kafka cluster (required)
      --dry-run                list what would be deleted, delete nothing
  sql                 An interactive SQL shell (like Flink's SQL client); reads piped statements too
      -f, --file <f.sql>       run a script first, then read more statements
      -e, --execute <sql>      run these statements and exit
  help                This text
`;

/**
 * The `sluice` command line. Errors print as one line (no stack trace) and exit with status 1.
 *
 * @example
 * // npx sluice run examples/stock-pipeline.ts --checkpoint-dir .sluice/checkpoints
 */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'checkpoint-dir': { type: 'string' },
      'state-backend': { type: 'string' },
      'state-dir': { type: 'string' },
      parallelism: { type: 'string' },
      'checkpoint-interval': { type: 'string' },
      'allow-non-restored-state': { type: 'boolean', default: false },
      'no-status': { type: 'boolean', default: false },
      'log-level': { type: 'string' },
      ui: { type: 'boolean', default: false },
      'ui-port': { type: 'string' },
      'ui-host': { type: 'string' },
      format: { type: 'string' },
      file: { type: 'string', short: 'f' },
      execute: { type: 'string', short: 'e' },
      'bootstrap-servers': { type: 'string' },
      'application-id': { type: 'string' },
      'instance-id': { type: 'string' },
      threads: { type: 'string' },
      'session-timeout': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, file] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'run') {
    await configureLogging({ level: values['log-level'] === undefined ? 'info' : parseLogLevel(values['log-level'], '--log-level') });
    if (file === undefined) throw new SluiceError('sluice run: name a job file, e.g. sluice run examples/stock-pipeline.ts');
    const parallelism = values.parallelism === undefined ? 1 : Number(values.parallelism);
    if (!Number.isInteger(parallelism) || parallelism < 1) throw new SluiceError(`--parallelism must be a positive integer, got '${values.parallelism}'`);
    const interval = values['checkpoint-interval'];
    const checkpointInterval = interval === undefined ? undefined : Number(interval);
    if (checkpointInterval !== undefined && !(Number.isInteger(checkpointInterval) && checkpointInterval > 0)) {
      throw new SluiceError(`--checkpoint-interval must be a positive number of milliseconds, got '${interval}'`);
    }
    const stateBackend = values['state-backend'] === undefined ? undefined : parseStateBackendKind(values['state-backend'], '--state-backend');
    if (values['state-dir'] !== undefined && stateBackend !== 'lmdb') throw new SluiceError('--state-dir is where the lmdb backend keeps its files: add --state-backend lmdb');
    await runCommand({
      ui: uiOptions(values.ui, values['ui-port'], values['ui-host']),
      file, checkpointDir: values['checkpoint-dir'], checkpointInterval, status: !values['no-status'], format: values.format, parallelism,
      allowNonRestoredState: values['allow-non-restored-state'], stateBackend, stateDir: values['state-dir'],
      application: applicationOptions(values['application-id'], values['instance-id'], values['session-timeout']),
      threads: values.threads === undefined ? undefined : Number(values.threads),
    });
    return 0;
  }
  if (command === 'describe') {
    await describeCommand(file, values['bootstrap-servers']);
    return 0;
  }
  if (command === 'reset') {
    await resetCommand(file, values['bootstrap-servers'], values['dry-run']);
    return 0;
  }
  if (command === 'sql') {
    await runSqlShell({ file: values.file, execute: values.execute });
    return 0;
  }
  throw new SluiceError(`unknown command '${command}'\n${USAGE}`);
}

/** `--ui [--ui-port N] [--ui-host A]`, the token from SLUICE_UI_TOKEN (never an argument: `ps` shows those). */
function uiOptions(ui: boolean, port: string | undefined, host: string | undefined): UiOptions | undefined {
  if (!ui) {
    if (port !== undefined || host !== undefined) throw new SluiceError('--ui-port and --ui-host set where the REST API listens: add --ui');
    return undefined;
  }
  const portNumber = port === undefined ? undefined : Number(port);
  if (port !== undefined && (port.trim() === '' || !Number.isInteger(portNumber))) throw new SluiceError(`--ui-port must be a port number, got '${port}'`);
  const token = process.env.SLUICE_UI_TOKEN;
  return {
    ...(portNumber === undefined ? {} : { port: portNumber }),
    ...(host === undefined ? {} : { host }),
    ...(token === undefined || token === '' ? {} : { token }),
  };
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    // Errors of ours and Node's coded errors (bad arguments, missing modules) are one line; anything
    // else is a bug and keeps its stack trace.
    const message = error instanceof SluiceError || (error instanceof Error && 'code' in error)
      ? error.message
      : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`sluice: ${message}\n`);
    process.exitCode = 1;
  },
);
