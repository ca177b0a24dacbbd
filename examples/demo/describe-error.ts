/**
 * An error as the one line the demo prints: its message, then what caused it (the `cause`
 * chain: "fetch failed", "connect ECONNREFUSED 127.0.0.1:9"), and the URL called when the
 * error names one. No stack trace.
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const message = (current instanceof Error ? current.message : String(current))
      .replace(/\s+/g, ' ')
      .trim();
    if (message !== '' && !messages.some((seen) => seen.includes(message))) messages.push(message);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !messages.some((seen) => seen.includes(code))) {
      messages.push(code);
    }
    current = current instanceof Error ? current.cause : undefined;
  }
  const [first = 'unknown error', ...causes] = messages;
  const url = (error as { url?: unknown } | null)?.url;
  const line = [
    first,
    causes.length > 0 ? ` (${causes.join('; ')})` : '',
    typeof url === 'string' ? `, calling ${url}` : '',
  ].join('');
  return line.length > 500 ? `${line.slice(0, 499)}…` : line;
}
