/**
 * The command line of `responses-bridge serve`: every flag, its environment variable where it
 * has one, its default and its check. A mistake gets one line that names it.
 */
import { parseArgs } from 'node:util';
import type { ResponsesHandlerOptions } from './responses-handler';

export class UsageError extends Error {}

export const usage = `Usage: responses-bridge serve --upstream URL [options]

Serves the OpenAI Responses API (POST /v1/responses and WebSocket mode on it, stored responses,
POST /v1/responses/compact, GET /v1/models) over a Chat Completions endpoint.

Options:
  --upstream URL              Chat Completions base URL, up to and without /chat/completions
                              (e.g. http://localhost:11434/v1). Required.
  --port N                    Port to listen on (default 8787; 0 picks a free one).
  --host H                    Address to bind (default 127.0.0.1, this machine only).
  --api-key KEY               Upstream API key (default: $RESPONSES_BRIDGE_UPSTREAM_API_KEY).
                              Without one, each client's own bearer token is sent upstream.
  --secret S                  Key of the reasoning envelopes clients get with
                              include: reasoning.encrypted_content (default:
                              $RESPONSES_BRIDGE_SECRET, else random per process).
  --store memory|sqlite:PATH|redis://HOST:PORT
                              Where responses made with store: true (the default) are kept
                              (default: $RESPONSES_BRIDGE_STORE, else memory: bounded, 24 h).
                              sqlite:PATH survives restarts; redis:// is shared by instances.
  --hosted-tools drop|refuse  Hosted tools (web_search, …) a chat backend cannot run: leave them
                              out and say so in the Response (drop, default), or answer 400.
  --allow-host NAME           Also answer requests for this Host name (repeatable). Loopback
                              names (localhost, 127.0.0.1, ::1) are always answered.
  --allow-origin ORIGIN       Let web pages of this origin call (CORS; repeatable). Requests
                              with any other Origin are refused.
  --max-body-bytes N          Largest request body (default 10485760, 10 MB): 413 past it.
  --max-buffered-bytes N      What all request bodies being read may hold (default 100 MB): 503.
  --max-concurrent N          Requests answered at once (default 2048): 429 past it.
  --max-output-bytes N        Bytes one streamed answer may send (default 64 MB).
  --headers-timeout-ms N      Time to send the request headers (default 10000): 408 past it.
  --body-timeout-ms N         Time to send the request body (default 30000): 408 past it.
  -v, --version               Print the version.
  -h, --help                  Show this help.
`;

/** Where `serve` keeps stored responses. */
export type StoreChoice =
  | { kind: 'memory' }
  | { kind: 'sqlite'; path: string }
  | { kind: 'redis'; url: string };

export interface ServeOptions {
  upstream: string;
  store: StoreChoice;
  port: number;
  host: string;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  handler: ResponsesHandlerOptions;
}

const max = Number.MAX_SAFE_INTEGER;

export function parseServeOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): ServeOptions | 'help' | 'version' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      upstream: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'api-key': { type: 'string' },
      secret: { type: 'string' },
      'hosted-tools': { type: 'string' },
      store: { type: 'string' },
      'allow-host': { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      'max-body-bytes': { type: 'string' },
      'max-buffered-bytes': { type: 'string' },
      'max-concurrent': { type: 'string' },
      'max-output-bytes': { type: 'string' },
      'headers-timeout-ms': { type: 'string' },
      'body-timeout-ms': { type: 'string' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (values.version) return 'version';
  const [command, ...rest] = positionals;
  if (command !== 'serve' || rest.length > 0) {
    throw new UsageError(
      command === undefined
        ? 'Missing command: serve.'
        : `Unknown command: ${positionals.join(' ')}.`,
    );
  }
  if (values.upstream === undefined) throw new UsageError('Missing --upstream URL.');
  let upstream: URL;
  try {
    upstream = new URL(values.upstream);
  } catch {
    throw new UsageError(`--upstream is not a URL: ${values.upstream}`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new UsageError(`--upstream must be an http or https URL: ${values.upstream}`);
  }
  const host = values.host ?? '127.0.0.1';
  const bodyTimeoutMs = integer('--body-timeout-ms', values['body-timeout-ms'], 30_000, 1, max);
  const headersTimeoutMs = integer(
    '--headers-timeout-ms',
    values['headers-timeout-ms'],
    10_000,
    1,
    max,
  );
  const apiKey = values['api-key'] ?? (env.RESPONSES_BRIDGE_UPSTREAM_API_KEY || undefined);
  const secret = values.secret ?? (env.RESPONSES_BRIDGE_SECRET || undefined);
  const hostedTools = values['hosted-tools'] ?? 'drop';
  if (hostedTools !== 'drop' && hostedTools !== 'refuse') {
    throw new UsageError(`--hosted-tools must be drop or refuse: ${hostedTools}`);
  }
  // The bind address itself is a name clients may use, unless it is a wildcard.
  const boundHost = host === '0.0.0.0' || host === '::' ? [] : [host.replace(/^\[|\]$/g, '')];
  return {
    upstream: values.upstream.replace(/\/+$/, ''),
    store: parseStore(values.store ?? (env.RESPONSES_BRIDGE_STORE || 'memory')),
    port: integer('--port', values.port, 8787, 0, 65535),
    host,
    headersTimeoutMs,
    requestTimeoutMs: headersTimeoutMs + bodyTimeoutMs,
    handler: {
      baseURL: values.upstream,
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(secret !== undefined ? { secret } : {}),
      hostedTools,
      allowedHosts: [
        ...boundHost,
        ...(values['allow-host'] ?? []).map((name) => name.toLowerCase()),
      ],
      allowedOrigins: values['allow-origin'] ?? [],
      maxBodyBytes: integer('--max-body-bytes', values['max-body-bytes'], 10 * 1024 * 1024, 1, max),
      maxBufferedBodyBytes: integer(
        '--max-buffered-bytes',
        values['max-buffered-bytes'],
        100 * 1024 * 1024,
        1,
        max,
      ),
      maxConcurrentRequests: integer('--max-concurrent', values['max-concurrent'], 2048, 1, max),
      maxOutputBytes: integer(
        '--max-output-bytes',
        values['max-output-bytes'],
        64 * 1024 * 1024,
        1,
        max,
      ),
      bodyTimeoutMs,
    },
  };
}

function parseStore(value: string): StoreChoice {
  if (value === 'memory') return { kind: 'memory' };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (path === '') throw new UsageError('--store sqlite: needs a file path: sqlite:PATH.');
    return { kind: 'sqlite', path };
  }
  if (value.startsWith('redis://') || value.startsWith('rediss://')) {
    try {
      new URL(value);
    } catch {
      throw new UsageError('--store is not a valid redis:// URL.');
    }
    return { kind: 'redis', url: value };
  }
  // Never echo the value: it may be a URL with a password.
  throw new UsageError('--store must be memory, sqlite:PATH or redis://HOST:PORT.');
}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  maximum: number,
): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > maximum) {
    throw new UsageError(`${name} must be an integer from ${min} to ${maximum}: ${value}`);
  }
  return number;
}
