/**
 * The one place that builds the `openai` client for both the provider and the server: base URL
 * without trailing slashes, `maxRetries: 0` (the caller's retries are the only ones), no
 * `Authorization` header without a key, redirects never followed, and error bodies kept as
 * received.
 */
import OpenAI from 'openai';
import { keepErrorBodies } from './error-bodies';
import { withoutRedirects } from './fetch-without-redirects';
import { addSecret, headerSecrets } from './redact';

export interface UpstreamSettings {
  /**
   * Base URL of the Chat Completions endpoint, up to and without `/chat/completions`
   * (`http://localhost:11434/v1`). Default: `https://api.openai.com/v1`.
   */
  baseURL?: string | undefined;
  /** Sent as `Authorization: Bearer …`. Without one (and no such header), none is sent. */
  apiKey?: string | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** A custom fetch, for proxies, tests or edge runtimes. */
  fetch?: typeof fetch | undefined;
  /** An `openai` client to use as it is; requests still go out with `maxRetries: 0`. */
  client?: OpenAI | undefined;
  /** Query parameters added to the URL of every request (Azure's `api-version`). */
  queryParams?: Record<string, string> | undefined;
}

export interface Upstream {
  readonly client: OpenAI;
  /** Without a trailing slash. */
  readonly baseURL: string;
  /** Every credential the client was given: they never appear in what the library reports. */
  readonly secrets: readonly string[];
  /** Query parameters for the URL of every request, passed with each request to the client. */
  readonly query: Record<string, string> | undefined;
}

export const openaiBaseURL = 'https://api.openai.com/v1';

export function createUpstream(settings: UpstreamSettings): Upstream {
  const secrets: string[] = [];
  addSecret(secrets, settings.apiKey);
  for (const secret of headerSecrets(settings.headers)) addSecret(secrets, secret);
  const query = settings.queryParams;
  for (const [name, value] of Object.entries(query ?? {})) {
    // Some endpoints take the key in the URL (Gemini's `?key=`, signed URLs' `sig=`).
    if (credentialParameter.test(name)) {
      addSecret(secrets, value);
      // As it appears in the URL, too.
      addSecret(secrets, new URLSearchParams({ v: value }).toString().slice(2));
    }
  }
  if (settings.client !== undefined) {
    addSecret(secrets, settings.client.apiKey);
    return {
      client: settings.client,
      baseURL: withoutTrailingSlashes(settings.client.baseURL),
      secrets,
      query,
    };
  }
  const baseURL = withoutTrailingSlashes(settings.baseURL || openaiBaseURL);
  const hasAuthorization = Object.keys(settings.headers ?? {}).some(
    (name) => name.toLowerCase() === 'authorization',
  );
  const client = new OpenAI({
    // Without a key the client refuses to start; it then sends no Authorization instead.
    apiKey: settings.apiKey ?? 'no-key',
    baseURL,
    organization: null,
    project: null,
    defaultHeaders: {
      ...(settings.apiKey === undefined && !hasAuthorization ? { Authorization: null } : {}),
      ...settings.headers,
    },
    fetch: keepErrorBodies(
      withoutRedirects(settings.fetch ?? ((input, init) => fetch(input, init))),
    ),
    maxRetries: 0,
    // Server-side use is the norm; edge runtimes look like browsers to the client.
    dangerouslyAllowBrowser: true,
  });
  return { client, baseURL, secrets, query };
}

/** Query parameter names whose values are credentials. */
const credentialParameter = /key|token|secret|password|signature|^sig$|^auth|^code$/i;

/** The URL a request to `path` goes to, query included: what errors report. */
export function upstreamURL(upstream: Upstream, path: string): string {
  const query = upstream.query;
  const search =
    query !== undefined && Object.keys(query).length > 0
      ? `?${new URLSearchParams(query).toString()}`
      : '';
  return `${upstream.baseURL}${path}${search}`;
}

function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
