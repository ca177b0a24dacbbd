import {
  InvalidArgumentError,
  type LanguageModelV4Usage,
  type SharedV4Warning,
} from '@ai-sdk/provider';
import type OpenAI from 'openai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import type { GenerateId } from '../core/generate-id';
import type { ResponsesBridgeMetadataExtractor } from './metadata-extractor';

export type ResponsesBridgeModelId = string;

/** A value, a promise of it, or a function returning either (called before each request). */
export type ResponsesBridgeResolvable<T> = T | PromiseLike<T> | (() => T | PromiseLike<T>);

/** Media types → the URL patterns the endpoint fetches itself (`{ 'image/*': [/^https:/] }`). */
export type ResponsesBridgeSupportedUrls = Record<string, RegExp[]>;

/** The `usage` object of a chat completion or of a stream's usage chunk, as the upstream sent it. */
export interface ResponsesBridgeChatUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  [field: string]: unknown;
}

export interface ResponsesBridgeSettings {
  /**
   * Base URL of the Chat Completions endpoint, up to and without `/chat/completions`:
   * `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM),
   * `https://openrouter.ai/api/v1`. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`.
   */
  baseURL?: string;
  /**
   * Bearer token sent as `Authorization`. Default: `OPENAI_API_KEY`, but only to OpenAI or to the
   * `OPENAI_BASE_URL` of the environment: a `baseURL` given here gets no key unless one is given
   * here too, so a third party never receives your OpenAI key. A function is called before each
   * request and may return a promise (short-lived tokens); a promise is awaited on each request.
   * An `Authorization` in `headers` wins over it.
   */
  apiKey?: ResponsesBridgeResolvable<string>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Query parameters added to the URL of every request, chat and embeddings:
   * `{ 'api-version': '2024-10-21' }` for Azure OpenAI.
   */
  queryParams?: Record<string, string>;
  /** A custom fetch, for proxies, tests or edge runtimes. */
  fetch?: typeof fetch;
  /**
   * The provider name: the model's `provider` is `${name}.chat`, and `providerOptions` and
   * `providerMetadata` use this key. Default: `responsesBridge`.
   */
  name?: string;
  /**
   * An `openai` client to use instead of the one the provider creates. Requests still go out
   * with `maxRetries: 0`, so that the AI SDK's retries are the only ones.
   */
  client?: OpenAI;
  /** Ask for a usage chunk (`stream_options.include_usage`). Default: true. */
  includeUsage?: boolean;
  /**
   * Changes the Chat Completions request body just before it is sent (after `extraBody`, with
   * `stream` and `stream_options` when streaming); push to `warnings` to report what it changed.
   * Not applied to embeddings.
   */
  transformRequestBody?: (
    body: Record<string, unknown>,
    warnings?: SharedV4Warning[],
  ) => Record<string, unknown>;
  /**
   * Reads provider-specific fields of the raw response: `extractMetadata` for `doGenerate` (the
   * completion body), `createStreamExtractor` for streams (every chunk, then `buildMetadata`).
   * What it returns is merged into `providerMetadata`, key by key.
   */
  metadataExtractor?: ResponsesBridgeMetadataExtractor;
  /**
   * The URLs the endpoint fetches itself, by media type; the AI SDK downloads the others and
   * sends their data inline. Default: none (every URL is downloaded), as local servers often
   * cannot fetch. Only images can be sent by URL over Chat Completions.
   */
  supportedUrls?:
    | ResponsesBridgeSupportedUrls
    | (() => ResponsesBridgeSupportedUrls | PromiseLike<ResponsesBridgeSupportedUrls>);
  /**
   * How a JSON response format with a schema is requested by default: `json_schema` (true) or
   * `json_object` (false). Default: true. `providerOptions.structuredOutputs` overrides it per call.
   */
  supportsStructuredOutputs?: boolean;
  /**
   * Tool results with images or files go in the tool message as content parts (`image_url`,
   * `file`), for servers that accept them (LiteLLM to Anthropic, …). Default: false — the tool
   * message gets the text, and the images and files follow in a user message, which every
   * server that takes images accepts.
   */
  supportsMultiPartToolContent?: boolean;
  /** Turns the upstream's usage into the AI SDK's, for servers that count differently. */
  convertUsage?: (usage: ResponsesBridgeChatUsage | undefined) => LanguageModelV4Usage;
  /** Makes response and item ids (`resp_…`, `msg_…`, …). Inject one for deterministic ids. */
  generateId?: GenerateId;
  /**
   * The clock of the Responses view (`completed_at`, and `created_at` when the upstream sends
   * no `created`). Inject one for deterministic output.
   */
  currentDate?: () => Date;
  /** Called with every Responses event of a streamed call, in order, as it is produced. */
  onEvent?: (event: ResponseStreamEvent) => void;
  /** Called with the final Response of every call, streamed or not. */
  onResponse?: (response: Response) => void;
}

/** Per-call options, read from `providerOptions[name]` (default `providerOptions.responsesBridge`). */
export const responsesBridgeProviderOptions = z.object({
  /** An end-user id, sent as `user`. */
  user: z.string().optional(),
  /** Sent as `verbosity` (`low`, `medium`, `high`), as OpenAI's Chat Completions takes it. */
  textVerbosity: z.string().optional(),
  /** Sent as `reasoning_effort`; overrides the call's `reasoning` setting. `null` sends `null`. */
  reasoningEffort: z.string().nullish(),
  /** Sent as `parallel_tool_calls`. */
  parallelToolCalls: z.boolean().optional(),
  /**
   * How a JSON response format with a schema is requested: `json_schema` (true) or
   * `json_object` for servers without structured outputs. Default: `supportsStructuredOutputs`.
   */
  structuredOutputs: z.boolean().optional(),
  /** The `strict` flag of a `json_schema` response format. Default: true. */
  strictJsonSchema: z.boolean().optional(),
  /**
   * Send earlier turns' reasoning (and its signatures) back to the model, in the dialect it
   * arrived in. Default: true. Turn off for servers that reject unknown message fields.
   */
  sendReasoning: z.boolean().optional(),
  /** Extra top-level fields for the request body (`top_k`, `repetition_penalty`, `thinking`, …). */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

export type ResponsesBridgeProviderOptions = z.infer<typeof responsesBridgeProviderOptions>;

/** Per-call options of embedding models, read from `providerOptions[name]` like the chat ones. */
export const responsesBridgeEmbeddingOptions = z.object({
  /** Sent as `dimensions`; overrides the call's `dimensions`. */
  dimensions: z.number().int().positive().optional(),
  /** An end-user id, sent as `user`. */
  user: z.string().optional(),
  /** Extra top-level fields for the request body (`input_type`, `truncate`, …). */
  extraBody: z.record(z.string(), z.unknown()).optional(),
});

export type ResponsesBridgeEmbeddingOptions = z.infer<typeof responsesBridgeEmbeddingOptions>;

/** Validates the call's `providerOptions[metadataKey]`; a typo is an error, not a silent no-op. */
export function parseBridgeOptions(
  value: unknown,
  metadataKey: string,
): ResponsesBridgeProviderOptions {
  return parseStrictOptions(responsesBridgeProviderOptions, value, metadataKey);
}

/**
 * `value` parsed by `schema`, unknown keys refused. @ai-sdk/openai-compatible sends unknown keys
 * as body fields; here they are an error that says how to send them: under `extraBody`.
 */
export function parseStrictOptions<SHAPE extends z.ZodRawShape>(
  schema: z.ZodObject<SHAPE>,
  value: unknown,
  metadataKey: string,
): z.infer<z.ZodObject<SHAPE>> {
  if (value === undefined) return {} as z.infer<z.ZodObject<SHAPE>>;
  const result = schema.strict().safeParse(value);
  if (result.success) return result.data as z.infer<z.ZodObject<SHAPE>>;
  const argument = `providerOptions.${metadataKey}`;
  const messages = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys;
      const named = keys.map((key) => `'${key}'`).join(', ');
      const example = keys.map((key) => `${JSON.stringify(key)}: …`).join(', ');
      return `unknown key${keys.length > 1 ? 's' : ''} ${named}${path ? ` in ${path}` : ''}. Known keys: ${Object.keys(schema.shape).join(', ')}. To send ${keys.length > 1 ? 'them' : 'it'} in the request body, pass ${argument}.extraBody: { ${example} }`;
    }
    return `${path || '(root)'}: ${issue.message}`;
  });
  throw new InvalidArgumentError({
    argument,
    message: `Invalid ${argument}: ${messages.join('; ')}`,
    cause: result.error,
  });
}
