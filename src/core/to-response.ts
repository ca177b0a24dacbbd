import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Response } from 'openai/resources/responses/responses';
import { generateResponsesId } from './generate-id';
import { isRecord } from './read-chunk';
import { readThoughtSignature } from './read-tool-calls';
import { ResponsesConverter } from './responses-converter';
import type { ConvertChunkStreamOptions, ToResponsesEventsOptions } from './to-responses-events';

/**
 * Converts a non-streaming Chat Completion into the Response the Responses API would return.
 * It runs the completion through the same state machine as a one-chunk stream, so that
 * `toResponse` and the last event of `toResponsesEvents` always agree.
 */
export function toResponse(
  completion: ChatCompletion,
  options: ToResponsesEventsOptions = {},
): Response {
  return convertCompletion(completion, options).response;
}

export interface ConvertedCompletion {
  response: Response;
  /** The finish reason, as sent. */
  finishReason: string | undefined;
  /** The usage, as sent. */
  usage: Record<string, unknown> | undefined;
}

/** `toResponse` for the layers of this library: the Response, and what the completion said. */
export function convertCompletion(
  completion: ChatCompletion,
  options: ToResponsesEventsOptions &
    Pick<ConvertChunkStreamOptions, 'tools' | 'thoughtSignaturesInReasoning'> = {},
): ConvertedCompletion {
  if (typeof completion !== 'object' || completion === null || Array.isArray(completion)) {
    throw new TypeError(
      `toResponse: expected \`completion\` to be a chat completion object, got ${completion === null ? 'null' : Array.isArray(completion) ? 'an array' : typeof completion}.`,
    );
  }
  const converter = new ResponsesConverter({
    response: options.response,
    generateId: options.generateId ?? generateResponsesId,
    currentDate: options.currentDate ?? (() => new Date()),
    tools: options.tools,
    thoughtSignaturesInReasoning: options.thoughtSignaturesInReasoning,
  });
  converter.onChunk(completionToChunk(completion));
  converter.onEnd();
  const last = converter.queue[converter.queue.length - 1];
  if (
    last === undefined ||
    (last.type !== 'response.completed' &&
      last.type !== 'response.incomplete' &&
      last.type !== 'response.failed')
  ) {
    throw new Error('The converter ended without a final response event.');
  }
  return {
    response: last.response,
    finishReason: converter.rawFinishReason,
    usage: converter.rawUsage,
  };
}

/** The completion as the single chunk a streaming request would have sent. */
function completionToChunk(completion: ChatCompletion): ChatCompletionChunk {
  // Choices are untrusted like the rest: one that is not an object is no choice.
  const choices: unknown[] = Array.isArray(completion.choices)
    ? completion.choices.filter(isRecord)
    : [];
  const choice = (choices.find((each) => isRecord(each) && each.index === 0) ?? choices[0]) as
    | ChatCompletion.Choice
    | undefined;
  const message = (choice?.message ?? {}) as ChatCompletion.Choice['message'] &
    Record<string, unknown>;
  const delta: Record<string, unknown> = { ...message };
  if (Array.isArray(message.tool_calls)) {
    // Gemini puts the thought signature on the message, not on the call; it belongs to the first
    // call (fixture gemini-2.5-pro-tool-call-thought-signature).
    const messageSignature =
      readThoughtSignature(message) ??
      (typeof message.thought_signature === 'string' && message.thought_signature !== ''
        ? { signature: message.thought_signature, field: 'extra_content' as const }
        : undefined);
    delta.tool_calls = message.tool_calls.map((toolCall, index) => {
      const call = { ...toolCall, index } as Record<string, unknown>;
      if (
        index === 0 &&
        messageSignature !== undefined &&
        readThoughtSignature(call) === undefined
      ) {
        const google = { thought_signature: messageSignature.signature };
        if (messageSignature.field === 'extra_content') call.extra_content = { google };
        else call.provider_specific_fields = google;
      }
      return call;
    });
  }
  return {
    ...completion,
    object: 'chat.completion.chunk',
    choices: choice
      ? [
          {
            index: 0,
            delta: delta as ChatCompletionChunk.Choice.Delta,
            finish_reason: choice.finish_reason,
            logprobs: choice.logprobs ?? null,
          },
        ]
      : [],
  } as ChatCompletionChunk;
}
