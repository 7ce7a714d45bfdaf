import { resetApplication, SluiceError } from '../index.ts';

/**
 * `sluice reset <app> --bootstrap-servers …`: deletes the application's internal topics and consumer
 * group, printing what it deleted (or, with `--dry-run`, what it would delete).
 *
 * @example
 * await resetCommand('stats', 'localhost:9092', true);
 */
export async function resetCommand(applicationId: string | undefined, servers: string | undefined, dryRun: boolean): Promise<void> {
  if (applicationId === undefined) throw new SluiceError('sluice reset: name the application id, e.g. sluice reset stats --bootstrap-servers localhost:9092');
  if (servers === undefined) throw new SluiceError('sluice reset: --bootstrap-servers is required (host:port of the Kafka cluster)');
  const report = await resetApplication({ bootstrapServers: servers, applicationId, dryRun });
  const verb = dryRun ? 'would delete' : 'deleted';
  const lines = report.topics.map((topic) => `${verb} topic ${topic}`);
  lines.push(report.groupDeleted ? `${verb} consumer group ${applicationId} and its committed offsets` : `no consumer group ${applicationId}`);
  if (report.topics.length === 0) lines.unshift(`no internal topics of ${applicationId}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
