import { APICallError } from 'ai';

/**
 * What the page shows when a chat turn fails: the endpoint's own message, its HTTP status and
 * what caused it ("connect ECONNREFUSED 127.0.0.1:11434"), in one line. responses-bridge has
 * already taken any API key out of it. A public app may prefer to show less and log this.
 */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const causes: string[] = [];
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error && causes.length < 4) {
    if (!message.includes(cause.message)) causes.push(cause.message);
    cause = cause.cause;
  }
  const status =
    APICallError.isInstance(error) && error.statusCode !== undefined
      ? `HTTP ${error.statusCode}: `
      : '';
  const because = causes.length > 0 ? ` (${causes.join('; ')})` : '';
  return `${status}${message}${because}`.replace(/\s+/g, ' ');
}
