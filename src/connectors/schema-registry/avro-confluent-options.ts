/**
 * The 'avro-confluent' format's own options (Flink's names, without the `avro-confluent.` prefix)
 * and the codec settings they make.
 */
import { ConfigError } from '../../core/errors.ts';
import type { AvroSchema } from '../../formats/avro-schema.ts';
import type { OptionSpec, TableOptions } from '../table-options.ts';
import type { AvroConfluentSettings, SubjectNameStrategy } from './avro-confluent-codec.ts';
import { SchemaRegistryClient } from './registry-client.ts';

/**
 * The options of 'avro-confluent'.
 *
 * @example
 * AVRO_CONFLUENT_OPTIONS.map((o) => o.key) // ['url', 'subject', …]
 */
export const AVRO_CONFLUENT_OPTIONS: readonly OptionSpec[] = [
  { key: 'url', type: 'string', required: true, description: "the schema registry's URL (Apicurio: http://host:port/apis/ccompat/v7)" },
  { key: 'subject', type: 'string', description: "the subject the written schema is registered under; default by 'subject-name-strategy'" },
  { key: 'subject-name-strategy', type: 'enum', values: ['topic', 'record', 'topic-record'], default: 'topic', description: "'topic': <topic>-key / <topic>-value (Confluent's TopicNameStrategy); 'record': the record's full name; 'topic-record': <topic>-<record name> (not in Flink)" },
  { key: 'schema', type: 'string', description: "the Avro schema (JSON) to write with instead of the one derived from the table; its fields must be the columns" },
  { key: 'basic-auth.credentials-source', type: 'enum', values: ['USER_INFO'], description: "where the registry's basic-auth credentials come from" },
  { key: 'basic-auth.user-info', type: 'string', description: "'user:password' for the registry's basic auth" },
  { key: 'ignore-parse-errors', type: 'boolean', default: 'false', description: 'skip records that do not decode (wrong magic byte, unknown schema id, truncated) instead of failing (not in Flink)' },
];

/**
 * The codec settings of the format chosen by `formatOption` ('format', 'key.format', 'value.format').
 *
 * @example
 * avroConfluentSettings({ 'value.format': 'avro-confluent', 'value.avro-confluent.url': 'http://127.0.0.1:8081', 'topic': 't' }, 'value.format', (o) => `value.avro-confluent.${o}`).isKey // false
 */
export function avroConfluentSettings(options: TableOptions, formatOption: string, key: (option: string) => string): AvroConfluentSettings {
  const url = options[key('url')];
  if (url === undefined) throw new ConfigError(key('url'), "is required by the 'avro-confluent' format");
  const userInfo = options[key('basic-auth.user-info')];
  const source = options[key('basic-auth.credentials-source')];
  if (source !== undefined && userInfo === undefined) throw new ConfigError(key('basic-auth.user-info'), `is required with '${key('basic-auth.credentials-source')}'`);
  const schemaText = options[key('schema')];
  let schema: AvroSchema | undefined;
  if (schemaText !== undefined) {
    try {
      schema = JSON.parse(schemaText) as AvroSchema;
    } catch {
      throw new ConfigError(key('schema'), `is not JSON: ${schemaText.slice(0, 60)}`);
    }
  }
  const topic = options['topic'];
  return {
    client: new SchemaRegistryClient({ url, userInfo, option: key('url') }),
    subject: options[key('subject')],
    strategy: (options[key('subject-name-strategy')] ?? 'topic') as SubjectNameStrategy,
    topic: topic !== undefined && !topic.includes(';') ? topic : undefined,
    isKey: formatOption === 'key.format',
    schema,
    option: formatOption,
  };
}
