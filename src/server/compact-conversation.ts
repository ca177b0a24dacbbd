/**
 * `POST /v1/responses/compact` over a chat backend. The upstream model writes a summary of the
 * conversation (the input, after the chain of `previous_response_id`); the answer keeps the
 * user's messages and puts the summary in a compaction item, sealed. Sent back as input, that
 * item becomes the summary again upstream (see the core's compaction envelope).
 */
import type { ResponseItem } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import { ChatRequestError } from '../core/chat-request-error';
import { toSummaryRequest } from '../core/compaction-envelope';
import type { EnvelopeSealer } from '../core/envelope-sealer';
import type { GenerateId } from '../core/generate-id';
import { toChatRequest } from '../core/to-chat-request';
import { invalidRequest, parseWith } from './responses-errors';
import { parseInput } from './responses-input';
import type { ConvertedRequest } from './responses-request';
import type { ResponseContext } from './stored-state';
import type { UpstreamCall } from './upstream-call';

export interface CompactRequest {
  model: string;
  input: string | ReturnType<typeof parseInput>;
  previousResponseId: string | null;
  instructions: string | null;
}

/** The compacted conversation, as the spec's `CompactResource`. */
export interface CompactResource {
  id: string;
  object: 'response.compaction';
  created_at: number;
  output: ResponseItem[];
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
}

const compactSchema = z.strictObject({
  model: z.string().min(1),
  input: z.unknown().optional(),
  previous_response_id: z.string().min(1).nullish(),
  instructions: z.string().nullish(),
  prompt_cache_key: z.string().max(64).nullish(),
});

export function readCompactRequest(json: unknown): CompactRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidRequest(
      'The request body must be a JSON object: model, and input or previous_response_id.',
      null,
      'invalid_type',
    );
  }
  const request = parseWith(compactSchema, json, '');
  const input = request.input === undefined || request.input === null ? [] : request.input;
  return {
    model: request.model,
    input: parseInput(input),
    previousResponseId: request.previous_response_id ?? null,
    instructions: request.instructions ?? null,
  };
}

export interface CompactDependencies {
  call: UpstreamCall;
  sealer: EnvelopeSealer;
  generateId: GenerateId;
  currentDate: () => Date;
}

export async function compactConversation(
  request: CompactRequest,
  context: ResponseContext,
  { call, sealer, generateId, currentDate }: CompactDependencies,
): Promise<CompactResource> {
  if (context.items.length === 0) {
    throw invalidRequest(
      'There is nothing to compact: send the conversation in input, or previous_response_id.',
      'input',
      'missing_required_parameter',
    );
  }
  let chat: ReturnType<typeof toChatRequest>;
  try {
    chat = toChatRequest({
      model: request.model,
      input: context.items as never,
      instructions: request.instructions,
    });
  } catch (error) {
    if (error instanceof ChatRequestError) {
      throw invalidRequest(error.message, error.param, error.code);
    }
    throw error;
  }
  const converted: ConvertedRequest = {
    ...chat,
    body: { ...chat.body, messages: toSummaryRequest(chat.body.messages) },
    stream: false,
    store: false,
    previousResponseId: null,
    include: [],
  };
  const answer = await call.generate(converted);
  const summary = answer.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
  const kept = context.items.filter(
    (item) => item.type === 'message' && (item as { role?: unknown }).role === 'user',
  );
  const usage = answer.usage;
  return {
    id: generateId('resp'),
    object: 'response.compaction',
    created_at: Math.floor(currentDate().getTime() / 1000),
    output: [
      ...kept,
      {
        id: generateId('cmp'),
        type: 'compaction',
        encrypted_content: await sealer.sealCompaction({ summary }),
      } as ResponseItem,
    ],
    usage: {
      input_tokens: usage?.input_tokens ?? 0,
      input_tokens_details: { cached_tokens: usage?.input_tokens_details.cached_tokens ?? 0 },
      output_tokens: usage?.output_tokens ?? 0,
      output_tokens_details: {
        reasoning_tokens: usage?.output_tokens_details.reasoning_tokens ?? 0,
      },
      total_tokens: usage?.total_tokens ?? 0,
    },
  };
}
