import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { type GenerateId, generateResponsesId } from './generate-id';
import { ResponsesConverter } from './responses-converter';

export interface ToResponsesEventsOptions {
  /**
   * Fields of the Response to report (`model`, `instructions`, `tools`, `temperature`, …). The
   * converter fills in the rest: id, status, output, usage.
   */
  response?: Partial<Response>;
  /** Makes item and response ids; inject one for deterministic output. */
  generateId?: GenerateId;
}

/**
 * Converts a Chat Completions chunk stream, as it arrives, into the event sequence the Responses
 * API would send: `response.created`, `response.in_progress`, the output items with their parts
 * and deltas, and `response.completed`, `response.incomplete` (finish reason `length` or
 * `content_filter`) or `response.failed` (an error payload in the stream, or the stream throwing).
 * Nothing follows the last event, and the output that streamed before a failure is kept.
 */
export async function* toResponsesEvents(
  chunks: AsyncIterable<ChatCompletionChunk> | Iterable<ChatCompletionChunk>,
  options: ToResponsesEventsOptions = {},
): AsyncGenerator<ResponseStreamEvent, void, undefined> {
  const converter = new ResponsesConverter({
    response: options.response,
    generateId: options.generateId ?? generateResponsesId,
  });
  const { queue } = converter;
  try {
    for await (const chunk of chunks) {
      converter.onChunk(chunk);
      // Each event is handed out in the same tick as the chunk that caused it.
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      // Leaving the loop returns the upstream iterator, which cancels its request.
      if (converter.finished) return;
    }
  } catch (error) {
    converter.onError({ code: errorCode(error), message: errorMessage(error), param: null });
  }
  converter.onEnd();
  for (let i = 0; i < queue.length; i++) yield queue[i]!;
  queue.length = 0;
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
