import { findErrorBy } from '@platformatic/kafka';

/**
 * True when a client error (or any error nested in it) is the Kafka protocol error `apiId`.
 *
 * @example
 * const exists = hasKafkaError(error, 'TOPIC_ALREADY_EXISTS'); // then the topic needs no creating
 */
export function hasKafkaError(error: unknown, apiId: string): boolean {
  return error instanceof Error && findErrorBy(error, 'apiId', apiId) !== null;
}

/**
 * One line naming every distinct problem inside a client error. The client nests its errors
 * (`MultipleErrors` of retries, each a `ResponseError` of protocol errors) and the top message alone
 * ("metadata failed 4 times.") rarely says what went wrong.
 *
 * @example
 * throw new SluiceError(`cannot create topic 'trades': ${kafkaErrorText(error)}`, { cause: error });
 */
export function kafkaErrorText(error: unknown): string {
  const messages: string[] = [];
  collect(error, messages, 0);
  const distinct = [...new Set(messages)];
  return distinct.length === 0 ? String(error) : distinct.join('; ');
}

function collect(error: unknown, out: string[], depth: number): void {
  if (!(error instanceof Error) || depth > 6) {
    if (error !== undefined && error !== null) out.push(String(error));
    return;
  }
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested) && nested.length > 0) {
    for (const inner of nested) collect(inner, out, depth + 1);
    return;
  }
  const server = (error as { serverErrorMessage?: unknown }).serverErrorMessage;
  const apiId = (error as { apiId?: unknown }).apiId;
  let text = error.message;
  if (typeof apiId === 'string') text = `${apiId}: ${text}`;
  if (typeof server === 'string' && server.length > 0) text += ` (${server})`;
  out.push(text);
  if (error.cause !== undefined) collect(error.cause, out, depth + 1);
}

/** The protocol errors that say another producer took over a transactional id. */
const FENCING_ERRORS = ['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTIONAL_ID_NOT_FOUND'];

/**
 * True when an error (or one it wraps, through `cause` or nested errors) says this producer was
 * fenced: another instance now owns its transactional id (a task that moved, Kafka Streams'
 * TaskMigratedException).
 *
 * @example
 * if (isProducerFenced(error)) dropTask(id); // its new owner goes on from the last commit
 */
export function isProducerFenced(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (FENCING_ERRORS.some((id) => hasKafkaError(e, id) || e.message.includes(id))) return true;
  }
  return false;
}
