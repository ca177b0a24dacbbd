/**
 * The Response object of a stream: every field the Open Responses `ResponseResource` requires,
 * with the values the deployed API reports for a plain request (fixture
 * responses-streams/conformance-openai-gpt-4.1-nano-text: temperature 1, top_p 1, penalties 0,
 * service_tier "auto", usage null until the end).
 */

import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseOutputItem,
  ResponseTextConfig,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { nonEmptyString } from './read-chunk';
import type { FinalStatus } from './to-response-status';

export interface ResponseIdentity {
  id: string;
  model: string;
  createdAt: number;
}

/** A Response in progress, with the defaults the Responses API reports for a plain request. */
export function createResponse(
  identity: ResponseIdentity,
  overrides: Partial<Response> = {},
): Response {
  const fields = withoutNulls(overrides);
  if (fields.text !== undefined) fields.text = withCompleteFormat(fields.text);
  const response = {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: 'in_progress',
    background: false,
    completed_at: null,
    error: null,
    frequency_penalty: 0,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: identity.model,
    output: [],
    parallel_tool_calls: true,
    presence_penalty: 0,
    previous_response_id: null,
    prompt_cache_key: null,
    prompt_cache_retention: null,
    reasoning: { effort: null, summary: null },
    safety_identifier: null,
    service_tier: 'auto',
    store: false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: {},
    // The openai SDK's convenience field; the wire does not need it, its clients recompute it.
    output_text: '',
    // Keys keep their place: identity fields come from the overrides when they are given.
    ...fields,
  };
  return response as unknown as Response;
}

/**
 * The text settings as the API reports them: a `json_schema` format always has `description`
 * (null when none was given) and `strict` (false, its default, unless true or false was given),
 * as the spec's JsonSchemaResponseFormat requires; a client echoing only what it sent has
 * neither.
 */
function withCompleteFormat(text: ResponseTextConfig): ResponseTextConfig {
  const format = text.format;
  if (format?.type !== 'json_schema') return text;
  return {
    ...text,
    format: {
      ...format,
      description: format.description ?? null,
      strict: typeof format.strict === 'boolean' ? format.strict : false,
    } as typeof format,
  };
}

/** Fields the spec types as plain numbers or strings: a null override keeps the default. */
const notNullable = new Set([
  'temperature',
  'top_p',
  'presence_penalty',
  'frequency_penalty',
  'top_logprobs',
  'service_tier',
  'parallel_tool_calls',
  'truncation',
  'tool_choice',
  'tools',
  'text',
  'metadata',
  'store',
  'background',
]);

function withoutNulls(overrides: Partial<Response>): Partial<Response> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined || (value === null && notNullable.has(key))) continue;
    result[key] = value;
  }
  return result as Partial<Response>;
}

/** The finished Response: its output, usage and how it ended. */
export function finishResponse(
  response: Response,
  output: ResponseOutputItem[],
  usage: ResponseUsage | null,
  final: FinalStatus,
  completedAt: number,
): Response {
  return {
    ...response,
    status: final.status,
    completed_at: final.status === 'completed' ? completedAt : null,
    error: final.status === 'failed' ? final.error : null,
    incomplete_details: final.status === 'incomplete' ? { reason: final.reason } : null,
    output,
    usage: usage as ResponseUsage,
    output_text: collectOutputText(output),
  };
}

/** The SDK convenience field: every `output_text` part of every message, concatenated. */
function collectOutputText(output: ResponseOutputItem[]): string {
  let text = '';
  for (const item of output) {
    if (item.type !== 'message') continue;
    for (const part of item.content) {
      if (part.type === 'output_text') text += part.text;
    }
  }
  return text;
}

/** A chunk's `model`, untrusted: the spec types the Response's as a string. */
export function chunkModel(chunk: ChatCompletionChunk | undefined): string {
  return nonEmptyString(chunk?.model) ?? '';
}

/** A chunk's `created`, when it is a time: the spec's `created_at` is an integer. */
export function chunkCreatedAt(chunk: ChatCompletionChunk | undefined): number | undefined {
  const created: unknown = chunk?.created;
  return typeof created === 'number' && Number.isSafeInteger(created) && created > 0
    ? created
    : undefined;
}

/** The upstream's own id (`chatcmpl-…`), beside the Response's: `metadata` is the client's. */
export function withChatCompletionId(response: Response, id: string | undefined): Response {
  if (id === undefined) return response;
  const extended = response as Response & { provider_specific_fields?: object };
  extended.provider_specific_fields = {
    ...extended.provider_specific_fields,
    chat_completion_id: id,
  };
  return extended;
}
