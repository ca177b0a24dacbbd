/**
 * A request body read with limits: its own size (413), the total all bodies being read may hold
 * at once (503), and how long the client may take to send it (408). The JSON is checked for
 * nesting deeper than any real request has, which would otherwise overflow the stack later.
 */
import { invalidRequest, ResponsesHandlerError } from './responses-errors';

export interface BodyLimits {
  maxBodyBytes: number;
  /** The bytes all bodies being read may hold together. */
  budget: BodyBudget;
  bodyTimeoutMs: number;
  maxJsonDepth: number;
}

/** Bytes held by bodies being read, across every request of a handler. */
export class BodyBudget {
  held = 0;
  constructor(readonly limit: number) {}
}

export async function readJsonBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const text = await readBody(request, limits);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidRequest(
      `We could not parse the JSON body of your request (${error instanceof Error ? error.message : 'invalid JSON'}). The Responses API expects a JSON payload.`,
      null,
      null,
    );
  }
  if (depthExceeds(json, limits.maxJsonDepth)) {
    throw invalidRequest(
      `The request body is nested more than ${limits.maxJsonDepth} levels deep.`,
      null,
      'invalid_value',
    );
  }
  return json;
}

async function readBody(request: Request, limits: BodyLimits): Promise<string> {
  const { maxBodyBytes, budget } = limits;
  const tooLarge = () =>
    new ResponsesHandlerError(413, {
      message: `The request body is larger than this server accepts (${maxBodyBytes} bytes).`,
      type: 'invalid_request_error',
      param: null,
      code: 'request_too_large',
    });
  // Content-Length refuses early; the count below holds even when it is missing or wrong.
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBodyBytes) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ResponsesHandlerError(408, {
            message: `The request body did not arrive within ${limits.bodyTimeoutMs} ms.`,
            type: 'invalid_request_error',
            param: null,
            code: 'request_timeout',
          }),
        ),
      limits.bodyTimeoutMs,
    );
  });
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), timedOut]);
      if (done) break;
      size += value.byteLength;
      if (size > maxBodyBytes) throw tooLarge();
      if (budget.held + value.byteLength > budget.limit) {
        throw new ResponsesHandlerError(
          503,
          {
            message: 'The server is holding as many request bodies as it can; retry shortly.',
            type: 'server_error',
            param: null,
            code: 'server_busy',
          },
          { 'retry-after': '1' },
        );
      }
      budget.held += value.byteLength;
      parts.push(value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    budget.held -= parts.reduce((total, part) => total + part.byteLength, 0);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw invalidRequest('The request body is not valid UTF-8.', null, null);
  }
}

/** Whether JSON nests deeper than `limit`, found without recursion. */
function depthExceeds(json: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: json, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
