/**
 * A Responses API request → the Chat Completions request that serves it, and the request fields
 * the Response reports back (the real API echoes `instructions`, `tools`, `temperature`, …).
 *
 * Every parameter is either converted, accepted because it changes nothing here, or refused with
 * the 400 the real API sends for what it does not support: a client never gets an answer that
 * silently ignored part of its request.
 */

import type { ResponseInputItem, ResponseItem } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import { ChatRequestError } from '../core/chat-request-error';
import { type ChatRequest, type TextFormat, toChatRequest } from '../core/to-chat-request';
import type { HostedToolPolicy } from '../core/to-chat-tools';
import { invalidRequest, missingParameter, parseWith, unsupported } from './responses-errors';
import { parseInput } from './responses-input';

export interface ConvertedRequest extends ChatRequest {
  stream: boolean;
  /** Whether to store the response (`store`, true unless the client says false). */
  store: boolean;
  previousResponseId: string | null;
  /** What the client asked to be included (`reasoning.encrypted_content`, …). */
  include: readonly string[];
}

export interface RequestPolicy {
  /** What to do with hosted tools (`web_search`, …) a chat backend cannot run. Default: drop. */
  hostedTools?: HostedToolPolicy;
}

/** The request's parameters, checked, before its input is resolved against stored state. */
export interface ReadRequest {
  request: z.infer<typeof requestSchema>;
  format: TextFormat | undefined;
  /** The client's own input items (a string is one user message). */
  input: string | ResponseInputItem[];
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/**
 * Parameters that need what a Chat Completions backend does not have (conversations, prompt
 * templates, background runs, server-side compaction), with the values that ask for it.
 */
const refused: Record<string, { when: (value: unknown) => boolean; why: string }> = {
  conversation: {
    when: isSet,
    why: 'this server stores no conversations; send the earlier turns in input instead',
  },
  prompt: { when: isSet, why: 'this server has no stored prompt templates' },
  background: {
    when: (value) => value === true,
    why: 'this server runs no background responses; stream the response instead',
  },
  context_management: {
    when: (value) => isSet(value) && !(Array.isArray(value) && value.length === 0),
    why: 'Chat Completions backends have no server-side context compaction',
  },
  access_programs: { when: isSet, why: 'Chat Completions backends have no access programs' },
  image: { when: isSet, why: 'this server runs no image generation' },
  // Not a Responses parameter, but clients ported from Chat Completions send it.
  n: {
    when: (value) => isSet(value) && value !== 1,
    why: 'a Response has exactly one output',
  },
};

const nullableNumber = z.number().nullish();
const nullableString = z.string().nullish();

/** The parameters that are converted or harmlessly accepted, with their types. */
const requestSchema = z.object({
  model: z.string().min(1),
  input: z.unknown().optional(),
  instructions: nullableString,
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  stream: z.boolean().nullish(),
  // Obfuscation padding is optional on the wire; the stream simply has none.
  stream_options: z.object({ include_obfuscation: z.boolean().optional() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  // Limits hosted tool calls only, and no hosted tool runs here.
  max_tool_calls: z.number().int().nullish(),
  temperature: nullableNumber,
  top_p: nullableNumber,
  presence_penalty: nullableNumber,
  frequency_penalty: nullableNumber,
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  // No truncation is done: a context too long for the model is the upstream's error.
  truncation: z.enum(['auto', 'disabled']).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown().optional(),
  text: z
    .object({
      format: z.unknown().optional(),
      verbosity: z.enum(['low', 'medium', 'high']).nullish(),
    })
    .nullish(),
  reasoning: z
    .object({
      effort: z.string().nullish(),
      summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
      generate_summary: z.enum(['auto', 'concise', 'detailed']).nullish(),
      // The bridge sends back all the reasoning it is given; a context mode changes nothing.
      context: z.enum(['auto', 'current_turn', 'all_turns']).nullish(),
    })
    .nullish(),
  metadata: z.record(z.string(), z.string().max(512)).nullish(),
  // Codex sends its session ids here; the real API takes them and returns nothing of them.
  client_metadata: z.record(z.string(), z.unknown()).nullish(),
  user: z.string().nullish(),
  safety_identifier: nullableString,
  prompt_cache_key: nullableString,
  prompt_cache_retention: z.enum(['in_memory', '24h']).nullish(),
  prompt_cache_options: z.record(z.string(), z.unknown()).optional(),
  service_tier: nullableString,
  moderation: z.record(z.string(), z.unknown()).nullish(),
  include: z.array(z.string()).nullish(),
});

const knownParameters = new Set([...Object.keys(requestSchema.shape), ...Object.keys(refused)]);

const functionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: nullableString,
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
  defer_loading: z.boolean().optional(),
});

const textFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    name: z.string().min(1),
    schema: z.record(z.string(), z.unknown()),
    description: z.string().optional(),
    strict: z.boolean().nullish(),
  }),
]);

/** Checks every parameter and the client's input items: a 400 names what is wrong. */
export function readResponsesRequest(json: unknown): ReadRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidRequest(
      'The request body must be a JSON object of Responses API parameters.',
      null,
      'invalid_type',
    );
  }
  const raw = json as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    // Keys are the client's: `constructor` or `__proto__` must not find Object.prototype's.
    const rule = Object.hasOwn(refused, name) ? refused[name] : undefined;
    if (rule?.when(value)) {
      throw unsupported(
        `Unsupported parameter: '${name}': ${rule.why}.`,
        name,
        'unsupported_parameter',
      );
    }
    if (!knownParameters.has(name)) {
      throw invalidRequest(`Unknown parameter: '${name}'.`, name, 'unknown_parameter');
    }
  }
  const request = parseWith(requestSchema, raw, '');
  if (request.input === undefined || request.input === null) throw missingParameter('input');

  const format =
    request.text?.format === undefined || request.text.format === null
      ? undefined
      : (parseWith(textFormat, request.text.format, 'text.format') as TextFormat);
  (request.tools ?? []).forEach((tool, index) => {
    if (
      typeof tool === 'object' &&
      tool !== null &&
      (tool as { type?: unknown }).type === 'function'
    ) {
      parseWith(functionTool, tool, `tools[${index}]`);
    }
  });
  return { request, format, input: parseInput(request.input) };
}

/**
 * The chat request for a checked request, over `context`: the items the model is to see (the
 * stored chain, then the client's input with references resolved), the client's own from
 * `turnStart` on. Without one, the client's input as it came.
 */
export function toConvertedRequest(
  read: ReadRequest,
  policy: RequestPolicy = {},
  context?: { items: readonly (ResponseInputItem | ResponseItem)[]; turnStart: number },
): ConvertedRequest {
  const { request, format } = read;
  try {
    const { user, store, previous_response_id, ...rest } = request;
    const converted = toChatRequest(
      {
        ...rest,
        ...(user !== null && user !== undefined ? { user } : {}),
        input: (context?.items as readonly ResponseInputItem[] | undefined) ?? read.input,
        text:
          request.text === undefined || request.text === null
            ? request.text
            : { ...request.text, format },
      } as Parameters<typeof toChatRequest>[0],
      policy.hostedTools !== undefined ? { hostedTools: policy.hostedTools } : {},
    );
    // What was asked and changed nothing, said in the Response beside what was done.
    const notes: Record<string, unknown> = {};
    if (converted.droppedTools.length > 0) notes.dropped_tools = converted.droppedTools;
    if (request.truncation === 'auto') notes.ignored_parameters = ['truncation'];
    const response = {
      ...converted.response,
      truncation: 'disabled' as const,
      store: store !== false,
      previous_response_id: previous_response_id ?? null,
      ...(Object.keys(notes).length > 0 ? { provider_specific_fields: notes } : {}),
    };
    return {
      ...converted,
      response,
      stream: request.stream === true,
      store: store !== false,
      previousResponseId: previous_response_id ?? null,
      include: request.include ?? [],
    };
  } catch (error) {
    if (error instanceof ChatRequestError) {
      throw invalidRequest(
        error.message,
        toClientParam(error.param, context?.turnStart ?? 0),
        error.code,
      );
    }
    throw error;
  }
}

/** Both steps at once, for a request that continues nothing stored. */
export function convertResponsesRequest(
  json: unknown,
  policy: RequestPolicy = {},
): ConvertedRequest {
  return toConvertedRequest(readResponsesRequest(json), policy);
}

/** A parameter path over the context, as a path in the client's own input. */
function toClientParam(param: string | null, turnStart: number): string | null {
  if (param === null || turnStart === 0) return param;
  return param.replace(/^input\[(\d+)\]/, (whole, index: string) =>
    Number(index) >= turnStart ? `input[${Number(index) - turnStart}]` : whole,
  );
}
