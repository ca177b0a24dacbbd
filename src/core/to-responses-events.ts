import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { type GenerateId, generateResponsesId } from './generate-id';
import type { ChunkError } from './read-chunk';
import { ResponsesConverter } from './responses-converter';
import type { ToolMap } from './to-chat-tools';

export interface ToResponsesEventsOptions {
  /**
   * Fields of the Response to report (`model`, `instructions`, `tools`, `temperature`, …). The
   * converter fills in the rest: id, status, output, usage.
   */
  response?: Partial<Response>;
  /** Makes item and response ids; inject one for deterministic output. */
  generateId?: GenerateId;
  /**
   * The clock, for `completed_at` and for `created_at` when the upstream sends no `created`;
   * inject one for deterministic output.
   */
  currentDate?: () => Date;
}

/**
 * Converts a Chat Completions chunk stream, as it arrives, into the event sequence the Responses
 * API would send: `response.created`, `response.in_progress`, the output items with their parts
 * and deltas, and `response.completed`, `response.incomplete` (finish reason `length` or
 * `content_filter`) or `response.failed` (an error payload in the stream, or the stream throwing).
 * Nothing follows the last event, and the output that streamed before a failure is kept.
 */
export function toResponsesEvents(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>,
  options: ToResponsesEventsOptions = {},
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  return convertChunkStream(chunks, options).events;
}

/** What the chunk stream itself said, besides its events: read as the stream is converted. */
export interface ChunkStreamFacts {
  chunkCount: number;
  /** The first finish reason, as sent. */
  readonly finishReason: string | undefined;
  /** The last usage, as sent. */
  readonly usage: Record<string, unknown> | undefined;
  /** Whether the chunk source threw, and what. */
  failed: boolean;
  error: unknown;
  /** The error that ended the stream (thrown or sent in it), as the events report it. */
  readonly failure: ChunkError | undefined;
}

export interface ConvertChunkStreamOptions extends ToResponsesEventsOptions {
  /** The error a throwing chunk source stands for (its code, status and message). */
  toChunkError?: (error: unknown) => ChunkError;
  /** Every error reported, thrown or sent in the stream, goes through this (to scrub secrets). */
  describeError?: (error: ChunkError) => ChunkError;
  /**
   * The request behind the chunks: the `openai` stream ends quietly when it is aborted, and the
   * Response must then fail, not complete with whatever had streamed.
   */
  signal?: AbortSignal | undefined;
  /** The request's tools, from `toChatRequest`: calls come back as the items they stand for. */
  tools?: ToolMap | undefined;
  /** Carry thought signatures in reasoning envelopes (see ResponsesConverterOptions). */
  thoughtSignaturesInReasoning?: boolean | undefined;
}

/**
 * A chunk source that hands chunks out a batch at a time (one read of the body) and knows
 * whether the stream said it was done: the server-sent events reader of this library.
 */
export interface ChunkBatches {
  batches(): AsyncIterable<ChatCompletionChunk[]>;
  /** Whether the stream ended with `[DONE]`. */
  readonly sawDone: boolean;
}

export interface ConvertedChunkStream {
  events: AsyncGenerator<ResponseStreamEvent, void, undefined>;
  facts: ChunkStreamFacts;
}

/** `toResponsesEvents` for the layers of this library: the events, and the facts of the stream. */
export function convertChunkStream(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk> | ChunkBatches,
  options: ConvertChunkStreamOptions = {},
): ConvertedChunkStream {
  if (
    chunks === null ||
    typeof chunks !== 'object' ||
    (!(Symbol.asyncIterator in chunks) && !(Symbol.iterator in chunks) && !isBatched(chunks))
  ) {
    throw new TypeError(
      `toResponsesEvents: expected \`chunks\` to be an iterable or async iterable of chat completion chunks, got ${chunks === null ? 'null' : typeof chunks}.`,
    );
  }
  const converter = new ResponsesConverter({
    response: options.response,
    generateId: options.generateId ?? generateResponsesId,
    currentDate: options.currentDate ?? (() => new Date()),
    describeError: options.describeError,
    tools: options.tools,
    thoughtSignaturesInReasoning: options.thoughtSignaturesInReasoning,
  });
  const facts: ChunkStreamFacts = {
    chunkCount: 0,
    get finishReason() {
      return converter.rawFinishReason;
    },
    get usage() {
      return converter.rawUsage;
    },
    failed: false,
    error: undefined,
    get failure() {
      return converter.failure;
    },
  };
  const cursor = { next: 0 };
  const events = run(chunks, converter, facts, options, cursor);
  readyEvents.set(events, () => {
    const { queue } = converter;
    const ready = queue.slice(cursor.next);
    cursor.next = queue.length;
    return ready;
  });
  return { events, facts };
}

/** How to take the events a converted stream has ready, by its events generator. */
const readyEvents = new WeakMap<object, () => ResponseStreamEvent[]>();

/**
 * The events `convertChunkStream`'s generator has made and not yet handed out: the rest of what
 * one read of the body (or one chunk) produced, taken at once so that a layer can handle them
 * without an `await` each. The generator then goes on after them. Empty for any other source,
 * and while the generator is between reads.
 */
export function takeReadyEvents(events: AsyncIterator<ResponseStreamEvent>): ResponseStreamEvent[] {
  return readyEvents.get(events)?.() ?? [];
}

function isBatched(chunks: object): chunks is ChunkBatches {
  return typeof (chunks as Partial<ChunkBatches>).batches === 'function';
}

async function* run(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk> | ChunkBatches,
  converter: ResponsesConverter,
  facts: ChunkStreamFacts,
  options: ConvertChunkStreamOptions,
  /** The next event of the queue to hand out; `takeReadyEvents` moves it past what it takes. */
  cursor: { next: number },
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const { queue } = converter;
  try {
    if (isBatched(chunks)) {
      // One await per read of the body, not per chunk.
      for await (const batch of chunks.batches()) {
        for (let b = 0; b < batch.length && !converter.finished; b++) {
          facts.chunkCount++;
          converter.onChunk(batch[b]!);
        }
        while (cursor.next < queue.length) yield queue[cursor.next++]!;
        queue.length = 0;
        cursor.next = 0;
        if (converter.finished) return;
      }
    } else {
      for await (const chunk of chunks) {
        facts.chunkCount++;
        converter.onChunk(chunk);
        // Each event is handed out in the same tick as the chunk that caused it.
        while (cursor.next < queue.length) yield queue[cursor.next++]!;
        queue.length = 0;
        cursor.next = 0;
        // Leaving the loop returns the upstream iterator, which cancels its request.
        if (converter.finished) return;
      }
    }
    if (options.signal?.aborted) converter.onError(cancelledError(options.signal.reason));
    else if (isBatched(chunks) && !chunks.sawDone && converter.rawFinishReason === undefined) {
      // Neither a finish reason nor [DONE]: the connection ended, the answer may not have.
      converter.onError({
        type: 'server_error',
        code: 'stream_truncated',
        message:
          'The upstream stream ended before a finish reason or [DONE]: the answer may be cut off.',
        param: null,
      });
    }
  } catch (error) {
    facts.failed = true;
    facts.error = error;
    converter.onError(
      options.signal?.aborted
        ? cancelledError(options.signal.reason)
        : (options.toChunkError ?? describeError)(error),
    );
  }
  converter.onEnd();
  while (cursor.next < queue.length) yield queue[cursor.next++]!;
  queue.length = 0;
  cursor.next = 0;
}

function cancelledError(reason: unknown): ChunkError {
  const code = (reason as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' && code !== '' ? code : 'request_cancelled',
    message:
      reason instanceof Error && reason.message ? reason.message : 'The request was cancelled.',
    param: null,
  };
}

/** A thrown error as the `error` event that reports it. */
export function describeError(error: unknown): ChunkError {
  return { code: errorCode(error), message: errorMessage(error), param: null };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (typeof error === 'string' && error) return error;
  return 'The upstream stream failed.';
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, status } = error as { code?: unknown; status?: unknown };
  if (typeof code === 'string' && code) return code;
  if (typeof status === 'number') return String(status);
  return null;
}
