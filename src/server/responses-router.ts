/**
 * The routes of the Responses API under `basePath`: each request checked for its method and
 * content type, its body read within the limits, and the service's answer as JSON or SSE.
 */
import type { Exchange } from './exchange';
import { type BodyLimits, readJsonBody } from './read-request-body';
import { checkContentType, corsHeaders } from './request-guard';
import { jsonResponse, ResponsesHandlerError } from './responses-errors';
import { includeOf, type ResponsesService } from './responses-service';
import { toResponsesSSE } from './to-responses-sse';
import type { Caller } from './upstream-call';

/** What the routes need of the handler. */
export interface RouterSettings {
  basePath: string;
  service: ResponsesService;
  limits: BodyLimits;
  maxOutputBytes: number;
}

/**
 * The function that answers an admitted exchange: its Response, or a `ResponsesHandlerError`
 * thrown (404 for an unknown path, 405 for a method the path does not take).
 */
export function createResponsesRouter(
  settings: RouterSettings,
): (exchange: Exchange) => Promise<Response> {
  const { basePath, service, limits, maxOutputBytes } = settings;
  return async (exchange) => {
    const { request, origin } = exchange;
    const url = new URL(request.url);
    const { pathname } = url;
    const path = pathname.replace(/\/+$/, '');
    const caller: Caller = {
      authorization: request.headers.get('authorization'),
      // Not every runtime gives a request a signal (test doubles, some adapters).
      signal: request.signal as AbortSignal | undefined,
    };
    const json = (value: unknown) => jsonResponse(value, 200, corsHeaders(origin));
    if (path === `${basePath}/responses`) {
      allowMethods(request, pathname, ['POST']);
      checkContentType(request);
      const answer = await service.create(await readJsonBody(request, limits), caller);
      exchange.model = answer.model;
      if (answer.type === 'response') return json(answer.response);
      const { events, abort, release } = answer.answer;
      // The request stays in flight, and unlogged, until its stream is over.
      exchange.streaming = true;
      const body = toResponsesSSE(events, {
        maxBytes: maxOutputBytes,
        onLimit: abort,
        onCancel: abort,
        onEnd: () => {
          release();
          exchange.end();
        },
      });
      return new Response(body, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          ...corsHeaders(origin),
        },
      });
    }
    if (path === `${basePath}/responses/compact`) {
      allowMethods(request, pathname, ['POST']);
      checkContentType(request);
      return json(await service.compact(await readJsonBody(request, limits), caller));
    }
    const stored = storedPath(path, basePath);
    if (stored !== undefined) {
      if (stored.items) {
        allowMethods(request, pathname, ['GET']);
        return json(await service.inputItems(caller, stored.id, url.searchParams));
      }
      allowMethods(request, pathname, ['GET', 'DELETE']);
      if (request.method === 'DELETE') return json(await service.delete(caller, stored.id));
      if (url.searchParams.get('stream') === 'true') {
        throw new ResponsesHandlerError(400, {
          message:
            'Only background responses can be streamed again, and this server runs none: GET the response without stream.',
          type: 'invalid_request_error',
          param: 'stream',
          code: 'unsupported_parameter',
        });
      }
      return json(await service.retrieve(caller, stored.id, includeOf(url.searchParams)));
    }
    if (path === `${basePath}/models`) {
      allowMethods(request, pathname, ['GET']);
      const answer = await service.models(caller);
      return new Response(answer.body, {
        status: answer.status,
        headers: {
          'content-type': answer.headers.get('content-type') ?? 'application/json',
          ...corsHeaders(origin),
        },
      });
    }
    throw new ResponsesHandlerError(404, {
      message: `Invalid URL (${request.method} ${pathname}): this server answers ${basePath}/responses and ${basePath}/models.`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  };
}

/** `{basePath}/responses/{id}` or `…/{id}/input_items`, or undefined for any other path. */
function storedPath(path: string, basePath: string): { id: string; items: boolean } | undefined {
  const prefix = `${basePath}/responses/`;
  if (!path.startsWith(prefix)) return undefined;
  const parts = path.slice(prefix.length).split('/');
  const id = decodeURIComponent(parts[0] ?? '');
  if (id === '' || id === 'compact') return undefined;
  if (parts.length === 1) return { id, items: false };
  if (parts.length === 2 && parts[1] === 'input_items') return { id, items: true };
  return undefined;
}

function allowMethods(request: Request, pathname: string, methods: readonly string[]): void {
  if (methods.includes(request.method)) return;
  throw new ResponsesHandlerError(
    405,
    {
      message: `Invalid method for URL (${request.method} ${pathname}): use ${methods.join(' or ')}.`,
      type: 'invalid_request_error',
      param: null,
      code: 'method_not_allowed',
    },
    { allow: methods.join(', ') },
  );
}
