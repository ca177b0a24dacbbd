/**
 * A Responses API request → the Chat Completions request that serves it, and the request fields
 * the Response reports back (the real API echoes `instructions`, `tools`, `temperature`, …).
 *
 * Every parameter is either converted, accepted because it changes nothing here, or refused with
 * the 400 the real API sends for what it does not support: a client never gets an answer that
 * silently ignored part of its request.
 */
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { FunctionTool, Response } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import { invalidRequest, missingParameter, parseWith, unsupported } from './responses-errors';
import { convertInput } from './responses-input';

/** The upstream request, without `stream`: the handler adds it. */
export type ChatRequestBody = ChatCompletionCreateParamsNonStreaming & Record<string, unknown>;

export interface ConvertedRequest {
  body: ChatRequestBody;
  stream: boolean;
  /** What the Response reports of the request. */
  response: Partial<Response>;
}

const isSet = (value: unknown) => value !== undefined && value !== null;

/**
 * Parameters that need what a Chat Completions backend does not have (stored responses,
 * conversations, prompt templates, background runs), with the values that ask for it.
 */
const refused: Record<string, { when: (value: unknown) => boolean; why: string }> = {
  previous_response_id: {
    when: isSet,
    why: 'this server stores no responses; send the earlier turns in input instead',
  },
  conversation: {
    when: isSet,
    why: 'this server stores no conversations; send the earlier turns in input instead',
  },
  prompt: { when: isSet, why: 'this server has no stored prompt templates' },
  background: { when: (value) => value === true, why: 'this server runs no background responses' },
  store: {
    when: (value) => value === true,
    why: 'this server stores nothing; send store: false or leave it out',
  },
  context_management: {
    when: (value) => isSet(value) && !(Array.isArray(value) && value.length === 0),
    why: 'Chat Completions backends have no server-side context compaction',
  },
  access_programs: { when: isSet, why: 'Chat Completions backends have no access programs' },
  image: { when: isSet, why: 'this server runs no image generation' },
  truncation: {
    when: (value) => value === 'auto',
    why: "this server cannot truncate the input; use 'disabled'",
  },
  top_logprobs: {
    when: (value) => typeof value === 'number' && value > 0,
    why: 'the converted output carries no log probabilities',
  },
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
  input: z.unknown(),
  instructions: nullableString,
  stream: z.boolean().nullish(),
  // Obfuscation padding is optional on the wire; the stream simply has none.
  stream_options: z.object({ include_obfuscation: z.boolean().optional() }).nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  // Limits built-in tool calls only, and no built-in tool is accepted here.
  max_tool_calls: z.number().int().nullish(),
  temperature: nullableNumber,
  top_p: nullableNumber,
  parallel_tool_calls: z.boolean().nullish(),
  tools: z.array(z.unknown()).nullish(),
  tool_choice: z.unknown(),
  text: z
    .object({
      format: z.unknown(),
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
  user: z.string().optional(),
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

export function convertResponsesRequest(json: unknown): ConvertedRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalidRequest(
      'The request body must be a JSON object of Responses API parameters.',
      null,
      'invalid_type',
    );
  }
  const raw = json as Record<string, unknown>;
  for (const [name, value] of Object.entries(raw)) {
    const rule = refused[name];
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
  if (request.include?.includes('message.output_text.logprobs')) {
    throw unsupported(
      "Unsupported value: 'message.output_text.logprobs': the converted output carries no log probabilities.",
      'include',
      'unsupported_value',
    );
  }

  const tools = (request.tools ?? []).map((tool, index) => convertTool(tool, `tools[${index}]`));
  const toolChoice = convertToolChoice(request.tool_choice, tools);
  const format =
    request.text?.format === undefined || request.text.format === null
      ? undefined
      : parseWith(textFormat, request.text.format, 'text.format');
  const effort = request.reasoning?.effort;

  const body: ChatRequestBody = {
    model: request.model,
    messages: convertInput(request.input, request.instructions),
  };
  if (isSet(request.max_output_tokens)) body.max_tokens = request.max_output_tokens;
  if (isSet(request.temperature)) body.temperature = request.temperature;
  if (isSet(request.top_p)) body.top_p = request.top_p;
  // OpenAI rejects tools: [] and the tool settings without tools; the Responses API does not.
  if (tools.length > 0) {
    body.tools = tools.map(({ chat }) => chat);
    if (toolChoice !== undefined) body.tool_choice = toolChoice.chat;
    if (isSet(request.parallel_tool_calls)) {
      body.parallel_tool_calls = request.parallel_tool_calls!;
    }
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
  if (isSet(request.text?.verbosity)) body.verbosity = request.text!.verbosity;
  if (isSet(effort)) body.reasoning_effort = effort as ChatRequestBody['reasoning_effort'];
  for (const name of [
    'user',
    'safety_identifier',
    'prompt_cache_key',
    'prompt_cache_retention',
    'prompt_cache_options',
    'service_tier',
    'moderation',
  ] as const) {
    if (isSet(request[name])) (body as Record<string, unknown>)[name] = request[name];
  }

  const response: Partial<Response> = {
    model: request.model,
    instructions: request.instructions ?? null,
    tools: tools.map(({ echo }) => echo),
    tool_choice: toolChoice?.echo ?? 'auto',
    temperature: request.temperature ?? null,
    top_p: request.top_p ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: {
      format: format ?? { type: 'text' },
      ...(isSet(request.text?.verbosity) ? { verbosity: request.text!.verbosity! } : {}),
    } as Response['text'],
    metadata: request.metadata ?? {},
    reasoning: isSet(request.reasoning)
      ? ({ effort: null, summary: null, ...request.reasoning } as Response['reasoning'])
      : null,
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
  };
  if (request.user !== undefined) response.user = request.user;
  return { body, stream: request.stream === true, response };
}

interface ConvertedTool {
  chat: ChatCompletionFunctionTool;
  echo: FunctionTool;
}

function convertTool(value: unknown, param: string): ConvertedTool {
  const type =
    typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (type !== 'function') {
    throw unsupported(
      `Tools of type '${String(type)}' are not supported: this server forwards requests to a Chat Completions backend, which runs no built-in tools. Only function tools are.`,
      `${param}.type`,
      'unsupported_value',
    );
  }
  const tool = parseWith(functionTool, value, param);
  if (tool.defer_loading === true) {
    throw unsupported(
      'Deferred tool loading is not supported: Chat Completions backends have no tool search.',
      `${param}.defer_loading`,
      'unsupported_parameter',
    );
  }
  return {
    chat: {
      type: 'function',
      function: {
        name: tool.name,
        ...(isSet(tool.description) ? { description: tool.description! } : {}),
        ...(isSet(tool.parameters) ? { parameters: tool.parameters! } : {}),
        ...(isSet(tool.strict) ? { strict: tool.strict } : {}),
      },
    },
    echo: {
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? null,
    },
  };
}

function convertToolChoice(
  value: unknown,
  tools: ConvertedTool[],
): { chat: ChatCompletionToolChoiceOption; echo: Response['tool_choice'] } | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') {
    if (value === 'required' && tools.length === 0) {
      throw invalidRequest(
        "Invalid value for 'tool_choice': 'required' needs at least one tool in 'tools'.",
        'tool_choice',
        'invalid_value',
      );
    }
    return { chat: value, echo: value };
  }
  const choice = typeof value === 'object' ? (value as { type?: unknown; name?: unknown }) : {};
  if (choice.type !== 'function') {
    throw unsupported(
      `Unsupported value for 'tool_choice': only 'auto', 'none', 'required' and {"type":"function","name":…} can be expressed in Chat Completions.`,
      'tool_choice',
      'unsupported_value',
    );
  }
  const name = choice.name;
  if (typeof name !== 'string' || !tools.some(({ echo }) => echo.name === name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice.name': '${String(name)}' is not the name of a function in 'tools'.`,
      'tool_choice.name',
      'invalid_value',
    );
  }
  return { chat: { type: 'function', function: { name } }, echo: { type: 'function', name } };
}
