/**
 * The request side of the bridge: a Responses request (input items, instructions, tools,
 * tool_choice, text.format, reasoning, sampling settings) → the Chat Completions request that
 * serves it, and the request fields the Response reports back, as the real API echoes them.
 * The server calls it with a validated request body; the provider with the request it builds
 * from an AI SDK call.
 */
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseCreateParamsBase,
  ResponseInputItem,
} from 'openai/resources/responses/responses';
import { toChatMessages } from './to-chat-messages';
import { toChatToolChoice, toChatTools } from './to-chat-tools';

/** The Responses request fields the bridge converts. */
export type ResponsesRequest = Pick<
  ResponseCreateParamsBase,
  | 'instructions'
  | 'max_output_tokens'
  | 'max_tool_calls'
  | 'metadata'
  | 'parallel_tool_calls'
  | 'prompt_cache_key'
  | 'prompt_cache_retention'
  | 'safety_identifier'
  | 'service_tier'
  | 'temperature'
  | 'top_p'
  | 'user'
> & {
  model: string;
  input: string | readonly ResponseInputItem[];
  tools?: readonly unknown[] | null;
  tool_choice?: unknown;
  text?: {
    format?: TextFormat | null;
    verbosity?: 'low' | 'medium' | 'high' | null;
  } | null;
  reasoning?: { effort?: string | null; summary?: string | null; [key: string]: unknown } | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  prompt_cache_options?: Record<string, unknown>;
  moderation?: Record<string, unknown> | null;
};

export type TextFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      name: string;
      schema: Record<string, unknown>;
      description?: string;
      strict?: boolean | null;
    };

/** The upstream request, without `stream`: the caller adds it. */
export type ChatRequestBody = ChatCompletionCreateParamsNonStreaming & Record<string, unknown>;

export interface ToChatRequestOptions {
  /** Fields set last, over the converted ones (the provider's `stop`, `seed`, `extraBody`). */
  extraBody?: Record<string, unknown>;
}

export interface ChatRequest {
  body: ChatRequestBody;
  /** What the Response reports of the request. */
  response: Partial<Response>;
}

/** Request fields sent upstream as they are, when set. */
const passedThrough = [
  'user',
  'safety_identifier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
  'service_tier',
  'moderation',
] as const;

export function toChatRequest(
  request: ResponsesRequest,
  options: ToChatRequestOptions = {},
): ChatRequest {
  const tools = toChatTools(request.tools);
  const toolChoice = toChatToolChoice(request.tool_choice, tools);
  const format = request.text?.format ?? undefined;
  const verbosity = request.text?.verbosity ?? undefined;
  const effort = request.reasoning?.effort ?? undefined;

  const body: ChatRequestBody = {
    model: request.model,
    messages: toChatMessages(request.input, request.instructions),
  };
  if (isSet(request.max_output_tokens)) body.max_tokens = request.max_output_tokens;
  if (isSet(request.temperature)) body.temperature = request.temperature;
  if (isSet(request.top_p)) body.top_p = request.top_p;
  if (isSet(request.frequency_penalty)) body.frequency_penalty = request.frequency_penalty;
  if (isSet(request.presence_penalty)) body.presence_penalty = request.presence_penalty;
  // OpenAI rejects tools: [] and the tool settings without tools; the Responses API does not.
  if (tools.chat.length > 0) {
    body.tools = tools.chat;
    if (toolChoice !== undefined) body.tool_choice = toolChoice.chat;
    if (isSet(request.parallel_tool_calls)) body.parallel_tool_calls = request.parallel_tool_calls;
  }
  if (format?.type === 'json_object') body.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name,
        schema: format.schema,
        ...(format.description !== undefined ? { description: format.description } : {}),
        ...(isSet(format.strict) ? { strict: format.strict } : {}),
      },
    };
  }
  if (verbosity !== undefined) body.verbosity = verbosity;
  if (effort !== undefined) body.reasoning_effort = effort as ChatRequestBody['reasoning_effort'];
  for (const name of passedThrough) {
    if (isSet(request[name])) (body as Record<string, unknown>)[name] = request[name];
  }
  Object.assign(body, options.extraBody);

  const response = {
    model: request.model,
    instructions: request.instructions ?? null,
    tools: tools.echo,
    tool_choice: toolChoice?.echo ?? 'auto',
    temperature: request.temperature ?? 1,
    top_p: request.top_p ?? 1,
    presence_penalty: request.presence_penalty ?? 0,
    frequency_penalty: request.frequency_penalty ?? 0,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: {
      format: format ?? { type: 'text' },
      verbosity: verbosity ?? 'medium',
    } as Response['text'],
    metadata: request.metadata ?? {},
    reasoning: { effort: null, summary: null, ...request.reasoning } as Response['reasoning'],
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
  } as Partial<Response>;
  if (request.user !== undefined) response.user = request.user;
  return { body, response };
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
