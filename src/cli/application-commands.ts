import { describeTaskGroup, SluiceError, type ApplicationOptions } from '../index.ts';

/**
 * The `--application-id`, `--instance-id` and `--session-timeout` flags of `sluice run` as
 * {@link ApplicationOptions}; undefined without an application id.
 *
 * @example
 * applicationOptions('hourly', 'host-a', '10000'); // { applicationId: 'hourly', instanceId: 'host-a', sessionTimeoutMs: 10000 }
 */
export function applicationOptions(applicationId: string | undefined, instanceId: string | undefined, sessionTimeout: string | undefined): ApplicationOptions | undefined {
  if (applicationId === undefined) {
    if (instanceId !== undefined) throw new SluiceError('--instance-id names a member of a scaled application: add --application-id');
    if (sessionTimeout !== undefined) throw new SluiceError('--session-timeout is for a member of a scaled application: add --application-id');
    return undefined;
  }
  const sessionTimeoutMs = sessionTimeout === undefined ? undefined : Number(sessionTimeout);
  if (sessionTimeoutMs !== undefined && !(Number.isInteger(sessionTimeoutMs) && sessionTimeoutMs > 0)) {
    throw new SluiceError(`--session-timeout must be a positive number of milliseconds, got '${sessionTimeout}'`);
  }
  return { applicationId, log: (line) => process.stderr.write(`[INFO] ${line}\n`), ...(instanceId === undefined ? {} : { instanceId }), ...(sessionTimeoutMs === undefined ? {} : { sessionTimeoutMs }) };
}

/**
 * `sluice describe <app> --bootstrap-servers …`: prints the group's state, each member with its tasks,
 * and each input partition with its owner, committed offset, end offset and lag.
 *
 * @example
 * await describeCommand('hourly', 'localhost:9092');
 */
export async function describeCommand(applicationId: string | undefined, servers: string | undefined): Promise<void> {
  if (applicationId === undefined) throw new SluiceError('sluice describe: name the application id, e.g. sluice describe hourly --bootstrap-servers localhost:9092');
  if (servers === undefined) throw new SluiceError('sluice describe: --bootstrap-servers is required (host:port of the Kafka cluster)');
  const group = await describeTaskGroup({ servers, applicationId });
  const lines = [`application ${applicationId}: group ${group.state}, ${group.members.length} member(s)`];
  for (const m of group.members) {
    const who = m.instanceId === null ? m.memberId : `${m.instanceId} (${m.memberId})`;
    lines.push(`  member ${who} on ${m.host}: active ${m.active.join(' ') || '-'}; standby ${m.standby.join(' ') || '-'}${m.problem === undefined ? '' : `; ${m.problem}`}`);
  }
  if (group.partitions.length > 0) lines.push('  topic\tpartition\ttasks\towner\tcommitted\tend\tlag');
  for (const p of group.partitions) {
    lines.push(`  ${p.topic}\t${p.partition}\t${p.tasks.join(',')}\t${p.owner ?? '-'}\t${p.committed ?? '-'}\t${p.end}\t${p.lag}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
