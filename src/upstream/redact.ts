import type { ChunkError } from '../core/read-chunk';
import { shorten } from './shorten';

/**
 * Secrets never leave this library: every credential it was given (the API key, any header
 * value that could be one, a forwarded bearer) is replaced in what it reports.
 */

const placeholder = '[redacted]';

/** The longest message an error reports; the body it came from is kept apart. */
export const messageLimit = 2000;

/** Header names whose values are known not to be credentials. */
const plainHeaders = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'content-type',
  'content-length',
  'user-agent',
  'openai-beta',
  'x-stainless-retry-count',
  'x-stainless-timeout',
]);

/** Shorter values could match ordinary words; no real credential is that short. */
const minimumSecretLength = 6;

/**
 * The values among these headers that could be credentials, whatever their names
 * (`Authorization`, `x-api-key`, `api-key`, …): a bearer token both whole and without its scheme.
 */
export function headerSecrets(
  headers: Record<string, string | null | undefined> | Headers | undefined,
): string[] {
  const secrets: string[] = [];
  if (headers === undefined) return secrets;
  const add = (name: string, value: string | null | undefined) => {
    if (typeof value !== 'string' || plainHeaders.has(name.toLowerCase())) return;
    addSecret(secrets, value);
    const token = /^\s*(?:bearer|basic|token)\s+(\S+)\s*$/i.exec(value)?.[1];
    if (token !== undefined) addSecret(secrets, token);
  };
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      add(name, value);
    });
  } else {
    for (const [name, value] of Object.entries(headers)) add(name, value);
  }
  return secrets;
}

/** Adds a secret to a list, unless it is too short to be one or already there. */
export function addSecret(secrets: string[], secret: string | null | undefined): void {
  if (typeof secret !== 'string') return;
  const trimmed = secret.trim();
  if (trimmed.length >= minimumSecretLength && !secrets.includes(trimmed)) secrets.push(trimmed);
}

/** `text` with every secret replaced; the longest first, so a key inside a header goes whole. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join(placeholder);
  }
  return result;
}

/** Whether any secret appears in `text`. */
export function leaks(text: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => text.includes(secret));
}

/** Response headers as a record, scrubbed of the secrets (an upstream may echo the key). */
export function headersToRecord(
  headers: Headers,
  secrets: readonly string[] = [],
): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, key) => {
    record[key] = redact(value, secrets);
  });
  return record;
}

/**
 * A reported stream error with its message and payload scrubbed of the secrets, the message then
 * cut to `messageLimit` characters.
 */
export function redactChunkError(error: ChunkError, secrets: readonly string[]): ChunkError {
  const message = shorten(redact(error.message, secrets), messageLimit);
  const payloadText = error.payload === undefined ? '' : JSON.stringify(error.payload);
  if (message === error.message && !leaks(payloadText, secrets)) return error;
  return {
    ...error,
    message,
    ...(error.payload !== undefined ? { payload: JSON.parse(redact(payloadText, secrets)) } : {}),
  };
}

/**
 * The error a failed chunk stream hands the converter: the same code and status, its message
 * scrubbed, so that the `error` and `response.failed` events never carry a secret.
 */
export function redactedError(error: unknown, secrets: readonly string[]): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redact(error, secrets) : error;
  const message = redact(error.message, secrets);
  if (message === error.message) return error;
  const { code, status } = error as { code?: unknown; status?: unknown };
  return Object.assign(new Error(message), { code, status });
}
