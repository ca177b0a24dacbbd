/**
 * What every call of the provider's models (chat and embeddings) needs before it goes out: the
 * client, the API key of this call when `apiKey` is a function or a promise, the headers and
 * query of the request, and what its errors report (the URL, the body, the secrets to scrub).
 */
import { type Upstream, upstreamURL } from '../upstream/create-upstream';
import { addSecret, headerSecrets } from '../upstream/redact';
import type { CallContext } from './to-api-call-error';

export interface UpstreamAccess {
  /** The upstream client, created on first use. */
  upstream: () => Upstream;
  /** Resolves the key of one call, for an `apiKey` given as a function or a promise. */
  resolveApiKey: (() => Promise<string | undefined>) | undefined;
}

export interface UpstreamRequest {
  upstream: Upstream;
  /**
   * What errors report of the call: the URL called with its query, the body, and every
   * credential of this call (the provider's, this call's key and its headers') to scrub.
   */
  context: CallContext;
  /** Request options for the `openai` client. */
  options: {
    maxRetries: 0;
    headers: Record<string, string>;
    query?: Record<string, string>;
    signal?: AbortSignal;
  };
}

export async function prepareUpstreamRequest(
  access: UpstreamAccess,
  path: string,
  body: unknown,
  callHeaders: Record<string, string | undefined> | undefined,
  signal: AbortSignal | undefined,
): Promise<UpstreamRequest> {
  const upstream = access.upstream();
  const secrets = [...upstream.secrets];
  const headers: Record<string, string> = {};
  const apiKey = await access.resolveApiKey?.();
  if (apiKey) {
    addSecret(secrets, apiKey);
    headers.Authorization = `Bearer ${apiKey}`;
  }
  for (const [name, value] of Object.entries(callHeaders ?? {})) {
    if (value !== undefined) headers[name] = value;
  }
  for (const secret of headerSecrets(callHeaders)) addSecret(secrets, secret);
  return {
    upstream,
    context: { url: upstreamURL(upstream, path), secrets, requestBodyValues: body },
    options: {
      // The AI SDK retries; the client must not multiply its attempts.
      maxRetries: 0,
      headers,
      ...(upstream.query !== undefined ? { query: upstream.query } : {}),
      ...(signal !== undefined ? { signal } : {}),
    },
  };
}
