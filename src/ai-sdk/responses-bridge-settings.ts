import { InvalidArgumentError } from '@ai-sdk/provider';
import type OpenAI from 'openai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { z } from 'zod/v4';
import type { GenerateId } from '../core/generate-id';

export type ResponsesBridgeModelId = string;

export interface ResponsesBridgeSettings {
  /**
   * Base URL of the Chat Completions endpoint, up to and without `/chat/completions`:
   * `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM),
   * `https://openrouter.ai/api/v1`. Default: `OPENAI_BASE_URL`, else `https://api.openai.com/v1`.
   */
  baseURL?: string;
  /**
   * Bearer token sent as `Authorization`. Default: `OPENAI_API_KEY`. Local servers that need no
   * key (Ollama, vLLM) work without one when `baseURL` is set.
   */
  apiKey?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
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
  /** Sent as `reasoning_effort`; overrides the call's `reasoning` setting. `null` sends `null`. */
  reasoningEffort: z.string().nullish(),
  /** Sent as `parallel_tool_calls`. */
  parallelToolCalls: z.boolean().optional(),
  /**
   * How a JSON response format with a schema is requested: `json_schema` (true, the default) or
   * `json_object` for servers without structured outputs.
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

/** Validates the call's `providerOptions[metadataKey]`; a typo is an error, not a silent no-op. */
export function parseBridgeOptions(
  value: unknown,
  metadataKey: string,
): ResponsesBridgeProviderOptions {
  if (value === undefined) return {};
  const result = responsesBridgeProviderOptions.strict().safeParse(value);
  if (!result.success) {
    throw new InvalidArgumentError({
      argument: `providerOptions.${metadataKey}`,
      message: `Invalid providerOptions.${metadataKey}: ${result.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      cause: result.error,
    });
  }
  return result.data;
}
