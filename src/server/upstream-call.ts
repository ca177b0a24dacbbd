/**
 * One upstream call of the handler: the client's bearer forwarded when it should be, the request
 * cancelled when the client goes away, and the answer converted. A stream is read up to its
 * first output before the client gets a status, so that an upstream failure before any output
 * reaches the client as the HTTP error it stands for, not as a 200 stream that fails.
 */
import type OpenAI from 'openai';
import type { ChatCompletion } from 'openai/resources/chat/completions';
import type {
  Response as OpenAIResponse,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import type { GenerateId } from '../core/generate-id';
import { convertCompletion } from '../core/to-response';
import { type ChunkStreamFacts, convertChunkStream } from '../core/to-responses-events';
import { openChatStream } from '../upstream/open-chat-stream';
import { addSecret, headerSecrets, redact, redactChunkError } from '../upstream/redact';
import { statusOfChunkError, toChunkError } from '../upstream/upstream-failure';
import { ResponsesHandlerError, upstreamError } from './responses-errors';
import type { ConvertedRequest } from './responses-request';

export interface CallSettings {
  client: OpenAI;
  /** Keys that must never reach the client, even when the upstream echoes them. */
  secrets: readonly string[];
  forwardAuthorization: boolean;
  generateId: GenerateId | undefined;
  currentDate: (() => Date) | undefined;
}

/** Who a call is made for: the client's `Authorization`, and a signal that it went away. */
export interface Caller {
  authorization: string | null;
  signal?: AbortSignal | undefined;
}

/** What each event goes through on its way to the client (sealing, storing at the end). */
export type Outgoing = (
  event: ResponseStreamEvent,
) => ResponseStreamEvent | Promise<ResponseStreamEvent>;

/** A streamed answer whose first output has arrived: its events, first those already read. */
export interface StreamingAnswer {
  events: AsyncIterableIterator<ResponseStreamEvent>;
  /** Stops the upstream request at once (the client left, or the output cap was reached). */
  abort(reason: unknown): void;
  /** Stops listening to the client's request: the answer is done. */
  release(): void;
}

const terminalTypes = new Set(['response.completed', 'response.incomplete', 'response.failed']);

export class UpstreamCall {
  private readonly settings: CallSettings;
  private readonly secrets: string[];
  private readonly headers: Record<string, string> = {};
  private readonly controller = new AbortController();
  private readonly requestSignal: AbortSignal | undefined;
  private readonly onAbort = () => this.controller.abort(this.requestSignal?.reason);

  constructor(caller: Caller, settings: CallSettings) {
    this.settings = settings;
    this.secrets = [...settings.secrets];
    const { authorization } = caller;
    if (
      settings.forwardAuthorization &&
      authorization !== null &&
      /^bearer\s+\S/i.test(authorization)
    ) {
      this.headers.Authorization = authorization;
      for (const secret of headerSecrets({ authorization })) addSecret(this.secrets, secret);
    }
    // Not every runtime gives a request a signal (test doubles, some adapters).
    this.requestSignal = caller.signal;
    if (this.requestSignal?.aborted) this.controller.abort(this.requestSignal.reason);
    this.requestSignal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** A GET of the upstream API (`/models`), its answer as it came. */
  async get(path: string): Promise<Response> {
    try {
      return await this.settings.client
        .get(path, { headers: this.headers, signal: this.controller.signal, maxRetries: 0 })
        .asResponse();
    } catch (error) {
      throw this.failure(error);
    } finally {
      this.release();
    }
  }

  /** The Response, as the core made it (envelopes in the clear). */
  async generate(converted: ConvertedRequest): Promise<OpenAIResponse> {
    let completion: unknown;
    try {
      completion = await this.settings.client.chat.completions.create(
        { ...converted.body, stream: false },
        { signal: this.controller.signal, headers: this.headers, maxRetries: 0 },
      );
    } catch (error) {
      throw this.failure(error);
    } finally {
      this.release();
    }
    if (typeof completion !== 'object' || completion === null || Array.isArray(completion)) {
      throw upstreamError(new Error('the body is not a chat completion object'), this.secrets);
    }
    const { response } = convertCompletion(completion as ChatCompletion, {
      response: converted.response,
      ...this.idOptions(),
      ...this.toolOptions(converted),
    });
    // An error payload in a 200 body (OpenRouter does this): an error, not a Response.
    if (response.status === 'failed') {
      throw new ResponsesHandlerError(502, {
        message: redact(response.error?.message ?? 'The upstream failed.', this.secrets),
        type: 'server_error',
        param: null,
        code: response.error?.code ?? null,
      });
    }
    return response;
  }

  async stream(converted: ConvertedRequest, outgoing: Outgoing): Promise<StreamingAnswer> {
    let opened: Awaited<ReturnType<typeof openChatStream>>;
    try {
      opened = await openChatStream(
        this.settings.client,
        { ...converted.body, stream: true, stream_options: { include_usage: true } },
        { headers: this.headers, signal: this.controller.signal },
      );
    } catch (error) {
      this.release();
      throw this.failure(error);
    }
    const { events, facts } = convertChunkStream(opened.chunks, {
      response: converted.response,
      ...this.idOptions(),
      ...this.toolOptions(converted),
      signal: this.controller.signal,
      toChunkError,
      describeError: (error) => redactChunkError(error, this.secrets),
    });
    const head: ResponseStreamEvent[] = [];
    for (;;) {
      const next = await events.next();
      if (next.done) break;
      const event = next.value;
      if (event.type === 'error') {
        await events.return();
        this.release();
        throw this.streamFailure(facts);
      }
      head.push(await outgoing(event));
      if (event.type === 'response.output_item.added' || terminalTypes.has(event.type)) break;
    }
    return {
      events: new HeadThenRest(head, events, outgoing),
      abort: (reason) => this.controller.abort(reason),
      release: () => this.release(),
    };
  }

  /** Stops listening to the client's request. */
  release(): void {
    this.requestSignal?.removeEventListener('abort', this.onAbort);
  }

  private toolOptions(converted: ConvertedRequest) {
    return {
      tools: converted.tools,
      // Clients that keep only standard fields (Codex) lose a call's own signature fields.
      thoughtSignaturesInReasoning: converted.include.includes('reasoning.encrypted_content'),
    };
  }

  private idOptions() {
    const { generateId, currentDate } = this.settings;
    return {
      ...(generateId !== undefined ? { generateId } : {}),
      ...(currentDate !== undefined ? { currentDate } : {}),
    };
  }

  private failure(error: unknown): ResponsesHandlerError {
    if (this.controller.signal.aborted) return cancelled(this.controller.signal.reason);
    return upstreamError(error, this.secrets);
  }

  /** A stream that failed before any output, as the HTTP error it stands for. */
  private streamFailure(facts: ChunkStreamFacts): ResponsesHandlerError {
    if (this.controller.signal.aborted) return cancelled(this.controller.signal.reason);
    if (facts.failed) return upstreamError(facts.error, this.secrets);
    const error = facts.failure!;
    const status = statusOfChunkError(error) ?? 502;
    return new ResponsesHandlerError(status >= 400 ? status : 502, {
      message: error.message,
      type: error.type ?? (status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: error.param,
      code: error.code,
    });
  }
}

/** The events read ahead, then the rest, without a generator hop per event. */
class HeadThenRest implements AsyncIterableIterator<ResponseStreamEvent> {
  private index = 0;

  constructor(
    private readonly head: ResponseStreamEvent[],
    private readonly rest: AsyncGenerator<ResponseStreamEvent, void, undefined>,
    private readonly outgoing: Outgoing,
  ) {}

  next(): Promise<IteratorResult<ResponseStreamEvent>> {
    if (this.index < this.head.length) {
      return Promise.resolve({ done: false, value: this.head[this.index++]! });
    }
    return this.rest.next().then((next) => {
      if (next.done) return { done: true, value: undefined };
      const event = this.outgoing(next.value);
      return event instanceof Promise
        ? event.then((value) => ({ done: false, value }))
        : { done: false, value: event };
    });
  }

  async return(): Promise<IteratorResult<ResponseStreamEvent>> {
    this.index = this.head.length;
    await this.rest.return();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ResponseStreamEvent> {
    return this;
  }
}

/** A request that ended before the upstream answered: the client left, or the server stops. */
export function cancelled(reason: unknown): ResponsesHandlerError {
  return new ResponsesHandlerError(503, {
    message:
      reason instanceof Error && reason.message ? reason.message : 'The request was cancelled.',
    type: 'server_error',
    param: null,
    code: 'request_cancelled',
  });
}
