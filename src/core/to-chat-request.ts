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
import { toChatToolChoice } from './to-chat-tool-choice';
import { type HostedToolPolicy, type ToolMap, toChatTools, toEchoedTools } from './to-chat-tools';

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
  top_logprobs?: number | null;
  include?: readonly string[] | null;
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
  /** What to do with hosted tools (`web_search`, …) a chat backend cannot run. Default: drop. */
  hostedTools?: HostedToolPolicy;
}

export interface ChatRequest {
  body: ChatRequestBody;
  /** What the Response reports of the request. */
  response: Partial<Response>;
  /** Upstream function names → the tools their calls come back as. */
  tools: ToolMap;
  /** Hosted tools left out of the upstream request. */
  droppedTools: string[];
}

/**
 * Request fields Chat Completions shares, sent upstream as they are. OpenAI's cache and safety
 * hints (`prompt_cache_key`, `safety_identifier`, …) change no answer, and some backends refuse
 * fields they do not know (LiteLLM, Groq): they are accepted and not sent.
 */
const passedThrough = ['user', 'service_tier'] as const;

export function toChatRequest(
  request: ResponsesRequest,
  options: ToChatRequestOptions = {},
): ChatRequest {
  // Tools given by `additional_tools` items and loaded by a tool search join the request's.
  const tools = toChatTools([...(request.tools ?? []), ...toolsOfInput(request.input)], {
    ...(options.hostedTools !== undefined ? { hostedTools: options.hostedTools } : {}),
  });
  const toolChoice = toChatToolChoice(request.tool_choice, tools);
  const chatTools =
    toolChoice?.allowed === undefined
      ? tools.chat
      : tools.chat.filter((tool) => toolChoice.allowed!.has(tool.function.name));
  const format = request.text?.format ?? undefined;
  const verbosity = request.text?.verbosity ?? undefined;
  const effort = request.reasoning?.effort ?? undefined;

  const body: ChatRequestBody = {
    model: request.model,
    messages: toChatMessages(request.input, request.instructions, { tools: tools.map }),
  };
  if (isSet(request.max_output_tokens)) body.max_tokens = request.max_output_tokens;
  if (isSet(request.temperature)) body.temperature = request.temperature;
  if (isSet(request.top_p)) body.top_p = request.top_p;
  if (isSet(request.frequency_penalty)) body.frequency_penalty = request.frequency_penalty;
  if (isSet(request.presence_penalty)) body.presence_penalty = request.presence_penalty;
  // OpenAI rejects tools: [] and the tool settings without tools; the Responses API does not.
  if (chatTools.length > 0) {
    body.tools = chatTools;
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
  if (request.include?.includes('message.output_text.logprobs') || isSet(request.top_logprobs)) {
    body.logprobs = true;
    if (isSet(request.top_logprobs) && request.top_logprobs > 0) {
      body.top_logprobs = request.top_logprobs;
    }
  }
  if (effort !== undefined) body.reasoning_effort = effort as ChatRequestBody['reasoning_effort'];
  for (const name of passedThrough) {
    if (isSet(request[name])) (body as Record<string, unknown>)[name] = request[name];
  }
  Object.assign(body, options.extraBody);

  const response = {
    model: request.model,
    instructions: request.instructions ?? null,
    tools: toEchoedTools(request.tools),
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
    top_logprobs: request.top_logprobs ?? 0,
  } as Partial<Response>;
  if (request.user !== undefined) response.user = request.user;
  return { body, response, tools: tools.map, droppedTools: tools.dropped };
}

/** The tools `additional_tools` items and tool search outputs bring, in input order. */
function toolsOfInput(input: ResponsesRequest['input']): unknown[] {
  if (typeof input === 'string') return [];
  return input.flatMap((item) => {
    const record = item as unknown as Record<string, unknown>;
    if (record.type !== 'additional_tools' && record.type !== 'tool_search_output') return [];
    return Array.isArray(record.tools) ? record.tools : [];
  });
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
