import type {
  Response,
  ResponseError,
  ResponseOutputItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';

export interface ResponseIdentity {
  id: string;
  model: string;
  createdAt: number;
  /** The upstream Chat Completions id (`chatcmpl-…`), kept in `metadata.chat_completion_id`. */
  chatCompletionId: string | undefined;
}

/** A Response in progress, with the defaults the Responses API reports for a plain request. */
export function createResponse(
  identity: ResponseIdentity,
  overrides?: Partial<Response>,
): Response {
  const metadata: Record<string, string> = { ...overrides?.metadata };
  if (identity.chatCompletionId !== undefined) {
    metadata.chat_completion_id = identity.chatCompletionId;
  }
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    model: identity.model,
    output: [],
    parallel_tool_calls: true,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: null,
    safety_identifier: null,
    store: false,
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: null,
    truncation: 'disabled',
    access_programs: null,
    output_text: '',
    ...overrides,
    metadata,
  } as Response;
}

export type FinalStatus =
  | { status: 'completed' }
  | { status: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  | { status: 'failed'; error: ResponseError };

/** The finished Response: its output, usage and how it ended. */
export function finishResponse(
  response: Response,
  output: ResponseOutputItem[],
  usage: ResponseUsage | undefined,
  final: FinalStatus,
): Response {
  const finished: Response = {
    ...response,
    status: final.status,
    error: final.status === 'failed' ? final.error : null,
    incomplete_details: final.status === 'incomplete' ? { reason: final.reason } : null,
    output,
    output_text: collectOutputText(output),
  };
  if (usage !== undefined) finished.usage = usage;
  return finished;
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

const responseErrorCodes = new Set<string>([
  'server_error',
  'rate_limit_exceeded',
  'invalid_prompt',
  'invalid_image',
  'invalid_image_format',
  'invalid_base64_image',
  'invalid_image_url',
  'image_too_large',
  'image_too_small',
  'image_parse_error',
  'image_content_policy_violation',
  'invalid_image_mode',
  'image_file_too_large',
  'unsupported_image_media_type',
  'empty_image_file',
  'failed_to_download_image',
  'image_file_not_found',
]);

/**
 * `Response.error.code` is a closed set; an upstream code outside it (Groq's `tool_use_failed`,
 * OpenRouter's `400`) becomes `server_error`, or `rate_limit_exceeded` for a 429. The upstream
 * code itself is kept in the `error` event that precedes `response.failed`.
 */
export function toResponseErrorCode(code: string | null): ResponseError['code'] {
  if (code !== null && responseErrorCodes.has(code)) return code as ResponseError['code'];
  if (code === '429' || code === 'rate_limit') return 'rate_limit_exceeded';
  return 'server_error';
}
