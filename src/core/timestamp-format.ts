/**
 * Formats epoch milliseconds the way Flink prints TIMESTAMP(3): `2024-01-01 10:00:00.000` (UTC).
 *
 * @example
 * formatTimestamp(1704103200000) // '2024-01-01 10:00:00.000'
 */
export function formatTimestamp(millis: number): string {
  if (!Number.isFinite(millis)) return millis > 0 ? '+inf' : millis < 0 ? '-inf' : 'null';
  const iso = new Date(millis).toISOString(); // 2024-01-01T10:00:00.000Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/**
 * Parses a timestamp given as epoch milliseconds, an ISO-8601 string or Flink's `yyyy-MM-dd HH:mm:ss[.SSS]`
 * (read as UTC). Returns NaN when the text is not a timestamp.
 *
 * @example
 * parseTimestamp('2024-01-01 10:00:00') // 1704103200000
 */
export function parseTimestamp(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value !== 'string') return Number.NaN;
  const text = value.includes('T') ? value : value.replace(' ', 'T');
  const hasZone = /[zZ]|[+-]\d\d:?\d\d$/.test(text);
  return Date.parse(hasZone ? text : `${text}Z`);
}
