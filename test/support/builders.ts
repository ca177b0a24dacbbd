/**
 * Typed builders for the Chat Completions wire objects tests send: `chunk()` for one streamed
 * chunk, `toolCall()` for a tool call delta in it, `completion()` for a non-streamed body. Each
 * takes OpenAI's fields and, beside them, any field a provider adds (`reasoning_content`,
 * `thinking_blocks`, `extra_content`, a top-level `error` or `citations`), because the converter
 * must read those dialects from objects the `openai` client types as plain chunks.
 */
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';

/** The `created` of every built chunk and completion, unless given. */
export const created = 1700000000;

/** OpenAI's finish reasons, or any other a provider sends. */
export type FinishReason =
  | NonNullable<ChatCompletionChunk.Choice['finish_reason']>
  | (string & Record<never, never>);

/** One tool call delta: any of OpenAI's fields may be missing, and providers add their own. */
export interface ToolCallDelta {
  index?: number;
  id?: string;
  type?: 'function' | 'custom';
  function?: { name?: string; arguments?: string };
  /** A custom tool's call: its name and (a fragment of) its freeform input. */
  custom?: { name?: string; input?: string };
  /** Gemini's `extra_content`, LiteLLM's `provider_specific_fields`, … */
  [field: string]: unknown;
}

/** A delta as any provider sends it: OpenAI's fields and every dialect field beside them. */
export interface ChunkDelta {
  role?: 'assistant' | 'developer' | 'system' | 'user' | 'tool';
  /** A string, or Mistral magistral's array of `text` and `thinking` blocks. */
  content?: string | null | readonly unknown[];
  refusal?: string | null;
  tool_calls?: readonly ToolCallDelta[] | null;
  /** DeepSeek, Qwen, xAI, vLLM. */
  reasoning_content?: string | null;
  /** Groq, Ollama, OpenRouter. */
  reasoning?: string | null;
  /** Anthropic through LiteLLM. */
  thinking_blocks?: readonly unknown[];
  /** OpenRouter, Snowflake. */
  reasoning_details?: readonly unknown[];
  [field: string]: unknown;
}

/** A choice of a chunk, for the tests that need other than the one `chunk()` builds. */
export interface ChunkChoice {
  index: number;
  delta: ChunkDelta;
  finish_reason?: FinishReason | null;
  [field: string]: unknown;
}

export interface ChunkFields {
  delta?: ChunkDelta;
  finish_reason?: FinishReason | null;
  /** Replaces the one choice built from `delta` and `finish_reason`. */
  choices?: ChunkChoice[];
  usage?: CompletionUsage | null;
  id?: string;
  model?: string;
  created?: number;
  /** Any other top-level field: `error`, `citations`, `prompt_filter_results`, … */
  [field: string]: unknown;
}

/**
 * A chunk with one choice (index 0) holding `delta` and `finish_reason` (default `null`), and
 * every other field at the top level: `chunk({ delta: { content: 'Hi' } })`.
 */
export function chunk(fields: ChunkFields = {}): ChatCompletionChunk {
  const {
    delta = {},
    finish_reason = null,
    choices,
    id = 'chatcmpl-test',
    model = 'test-model',
    created: createdAt = created,
    ...rest
  } = fields;
  const wire = {
    id,
    object: 'chat.completion.chunk',
    created: createdAt,
    model,
    choices: choices ?? [{ index: 0, delta, finish_reason }],
    ...rest,
  };
  // The dialect fields are what the converter reads; the openai client types them away.
  return wire as ChatCompletionChunk;
}

export interface ToolCallFields {
  index?: number;
  /** Also sets `type: 'function'`, as OpenAI does on a call's first delta. */
  id?: string;
  type?: 'function';
  name?: string;
  arguments?: string;
  [field: string]: unknown;
}

/**
 * A tool call delta with only the fields given: `function` always (possibly `{}`), `type` with
 * the `id`, and extra fields (`extra_content`, `provider_specific_fields`) beside them.
 */
export function toolCall(fields: ToolCallFields = {}): ToolCallDelta {
  const { index, id, type, name, arguments: args, ...extra } = fields;
  return {
    ...(index === undefined ? {} : { index }),
    ...(id === undefined ? {} : { id }),
    ...(type === undefined && id === undefined ? {} : { type: type ?? 'function' }),
    function: {
      ...(name === undefined ? {} : { name }),
      ...(args === undefined ? {} : { arguments: args }),
    },
    ...extra,
  };
}

export interface CustomToolCallFields {
  index?: number;
  /** Also sets `type: 'custom'`, as on a call's first delta. */
  id?: string;
  name?: string;
  input?: string;
}

/**
 * A custom tool call delta (`type: "custom"`, `custom: {name, input}`) with only the fields
 * given: `custom` always (possibly `{}`), `type` with the `id`.
 */
export function customToolCall(fields: CustomToolCallFields = {}): ToolCallDelta {
  const { index, id, name, input } = fields;
  return {
    ...(index === undefined ? {} : { index }),
    ...(id === undefined ? {} : { id, type: 'custom' as const }),
    custom: {
      ...(name === undefined ? {} : { name }),
      ...(input === undefined ? {} : { input }),
    },
  };
}

/** The assistant message of a completion: OpenAI's fields and any dialect field. */
export interface CompletionMessage {
  content?: string | null;
  refusal?: string | null;
  tool_calls?: ReadonlyArray<
    | {
        id: string;
        type: 'function';
        function: { name: string; arguments: string };
        [field: string]: unknown;
      }
    | { id: string; type: 'custom'; custom: { name: string; input: string } }
  >;
  reasoning_content?: string | null;
  [field: string]: unknown;
}

export interface CompletionFields {
  message?: CompletionMessage;
  /** Default `stop`. */
  finish_reason?: FinishReason;
  usage?: CompletionUsage;
  id?: string;
  model?: string;
  created?: number;
  /** Any other top-level field, e.g. an `error` beside the choices. */
  [field: string]: unknown;
}

/** A non-streamed completion with one choice: `{ role: 'assistant', ...message }`. */
export function completion(fields: CompletionFields = {}): ChatCompletion {
  const {
    message = {},
    finish_reason = 'stop',
    usage,
    id = 'chatcmpl-test',
    model = 'test-model',
    created: createdAt = created,
    ...rest
  } = fields;
  const wire = {
    id,
    object: 'chat.completion',
    created: createdAt,
    model,
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason }],
    ...(usage !== undefined ? { usage } : {}),
    ...rest,
  };
  return wire as ChatCompletion;
}
