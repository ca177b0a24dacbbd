/**
 * What a request must show before anything else is read: a Host this server answers to (a page
 * that rebinds its DNS name to 127.0.0.1 still sends its own name), no foreign Origin (any web
 * page can POST to localhost; CORS stays off unless origins are configured), and a JSON body.
 */
import { invalidRequest, ResponsesHandlerError } from './responses-errors';

export interface RequestGuardOptions {
  /**
   * Host names accepted in the `Host` header, besides the loopback ones (`localhost`,
   * `*.localhost`, `127.0.0.0/8`, `::1`). `'any'` accepts every host (the handler's default;
   * `serve` accepts loopback only unless told otherwise).
   */
  allowedHosts?: readonly string[] | 'any';
  /** Origins (`https://app.example`) that may call from a browser; they get CORS headers. */
  allowedOrigins?: readonly string[];
}

export function checkHost(request: Request, allowedHosts: RequestGuardOptions['allowedHosts']) {
  if (allowedHosts === undefined || allowedHosts === 'any') return;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  const hostname = hostnameOf(host);
  if (hostname !== undefined && (isLoopback(hostname) || allowedHosts.includes(hostname))) return;
  throw new ResponsesHandlerError(403, {
    message: `This server does not answer to the host '${host.slice(0, 100)}'. It accepts loopback host names${allowedHosts.length > 0 ? ` and ${allowedHosts.join(', ')}` : ''}; allow others with --allow-host.`,
    type: 'invalid_request_error',
    param: null,
    code: 'host_not_allowed',
  });
}

/** The Origin of a cross-origin request that may go on, to echo in CORS headers. */
export function checkOrigin(
  request: Request,
  allowedOrigins: readonly string[] = [],
): string | undefined {
  const origin = request.headers.get('origin');
  if (origin === null) return undefined;
  if (allowedOrigins.includes(origin) || allowedOrigins.includes('*')) return origin;
  const host = request.headers.get('host') ?? new URL(request.url).host;
  // A same-origin request (a page this server's host served) names that host.
  if (origin !== 'null' && hostOf(origin) === host.toLowerCase()) return undefined;
  throw new ResponsesHandlerError(403, {
    message: `Requests from the origin '${origin.slice(0, 100)}' are not allowed: this server does not answer web pages of other sites. Allow an origin with --allow-origin.`,
    type: 'invalid_request_error',
    param: null,
    code: 'origin_not_allowed',
  });
}

/** A request with a body must say it is JSON: a form or `text/plain` POST needs no preflight. */
export function checkContentType(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json'))) {
    return;
  }
  const error = invalidRequest(
    `Invalid Content-Type header (${type === undefined || type === '' ? 'none' : `'${type.slice(0, 100)}'`}): the body must be JSON, sent as application/json.`,
    null,
    'unsupported_media_type',
  );
  throw new ResponsesHandlerError(415, error.body);
}

/** The CORS headers of an answer to an allowed cross-origin request. */
export function corsHeaders(origin: string | undefined): Record<string, string> {
  if (origin === undefined) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

/** The answer to a CORS preflight from an allowed origin. */
export function preflightResponse(origin: string): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, openai-beta, x-stainless-os',
      'access-control-max-age': '600',
    },
  });
}

function hostnameOf(host: string): string | undefined {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}

function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  if (hostname === '[::1]' || hostname === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
