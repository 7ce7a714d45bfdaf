import { SluiceError } from '../../core/errors.ts';
import { KafkaClient, type KafkaConnectionOptions } from './client.ts';

/** What `resetApplication` did (or, with `dryRun`, would do). */
export interface ApplicationResetReport {
  readonly applicationId: string;
  /** The internal topics deleted: `<app>-…-repartition` and `<app>-…-changelog`. */
  readonly topics: readonly string[];
  /** Whether the group `<app>` (membership and committed input offsets) existed and was deleted. */
  readonly groupDeleted: boolean;
  readonly dryRun: boolean;
}

/** Options of {@link resetApplication}. */
export interface ApplicationResetOptions extends KafkaConnectionOptions {
  readonly applicationId: string;
  /** List what would be deleted, delete nothing. */
  readonly dryRun?: boolean;
}

/**
 * Whether a topic is one of an application's internal topics, by Kafka Streams' naming rule: the
 * application id and a dash in front, `-repartition` or `-changelog` at the end. Like Kafka Streams'
 * reset tool, the rule cannot tell `app`'s topics from those of an application called `app-x`:
 * list them first with a dry run.
 *
 * @example
 * isInternalTopic('stats', 'stats-window-1-changelog'); // true
 * isInternalTopic('stats', 'stats-output');             // false
 */
export function isInternalTopic(applicationId: string, topic: string): boolean {
  return topic.startsWith(`${applicationId}-`) && (topic.endsWith('-repartition') || topic.endsWith('-changelog'));
}

/**
 * Starts a scaled application over, as Kafka's `kafka-streams-application-reset` tool does: deletes its
 * internal topics (repartition and changelog) and its consumer group, with the committed input offsets,
 * so the next run reads its inputs from the start with empty state. Output topics are left alone. It
 * refuses while any instance is still a member of the group: stop them all first.
 *
 * @example
 * const report = await resetApplication({ bootstrapServers: 'localhost:9092', applicationId: 'stats' });
 * console.log(report.topics);
 */
export async function resetApplication(options: ApplicationResetOptions): Promise<ApplicationResetReport> {
  const app = options.applicationId;
  if (typeof app !== 'string' || app.length === 0) throw new SluiceError('reset: name the application id');
  const kafka = await KafkaClient.connect(options);
  try {
    const group = await kafka.groupState(app);
    if (group.members > 0) {
      throw new SluiceError(
        `cannot reset application '${app}': ${group.members} instance(s) are still members of its group (state ${group.state}); stop every instance first`,
      );
    }
    const topics = (await kafka.topics()).filter((topic) => isInternalTopic(app, topic));
    const dryRun = options.dryRun === true;
    const groupExists = group.state !== 'Dead';
    if (!dryRun) {
      await kafka.deleteTopics(topics);
      if (groupExists) await kafka.deleteGroup(app);
    }
    return { applicationId: app, topics, groupDeleted: groupExists, dryRun };
  } finally {
    await kafka.close();
  }
}
