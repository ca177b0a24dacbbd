/**
 * `text` cut to at most `limit` characters, saying how much was left out: an upstream may send a
 * whole HTML page, or megabytes of one, where a message is expected.
 */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const suffix = (omitted: number) => `… (${omitted} more characters)`;
  // The longest suffix this text can need, so that the result never passes the limit.
  const kept = Math.max(0, limit - suffix(text.length).length);
  return `${text.slice(0, kept)}${suffix(text.length - kept)}`;
}
