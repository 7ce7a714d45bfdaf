/**
 * `sluice describe <app>` as text: the members with their tasks, then every input partition with
 * its owner and lag, in columns as Kafka's `kafka-consumer-groups --describe` prints them.
 */
import type { TaskGroupDescription } from './describe-task-group.ts';

/**
 * The description as aligned text tables (no trailing spaces), ready to print.
 *
 * @example
 * const description = await describeTaskGroup({ servers: '127.0.0.1:9092', applicationId: 'trades-app' });
 * console.log(formatTaskGroupDescription(description));
 */
export function formatTaskGroupDescription(description: TaskGroupDescription): string {
  const { applicationId, state, members, partitions } = description;
  const lines = [`application '${applicationId}': group ${state}, ${members.length} member${members.length === 1 ? '' : 's'}`];
  if (members.length > 0) {
    lines.push('', ...table(['MEMBER', 'INSTANCE', 'HOST', 'ACTIVE', 'STANDBY', 'PROBLEM'], members.map((m) => [
      m.memberId, m.instanceId ?? '-', m.host, m.active.join(',') || '-', m.standby.join(',') || '-', m.problem ?? '',
    ])));
  }
  if (partitions.length > 0) {
    const byId = new Map(members.map((m) => [m.memberId, m.instanceId ?? m.memberId]));
    lines.push('', ...table(['TOPIC', 'PARTITION', 'TASKS', 'OWNER', 'COMMITTED', 'END', 'LAG'], partitions.map((p) => [
      p.topic, String(p.partition), p.tasks.join(','), p.owner === undefined ? '-' : (byId.get(p.owner) ?? p.owner),
      p.committed === undefined ? '-' : String(p.committed), String(p.end), String(p.lag),
    ])));
  }
  return lines.join('\n');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
}
