/**
 * How a response ends: the finish reason of the stream → the Response's status and
 * `incomplete_details`, and an upstream error code → the closed set of `Response.error.code`.
 */
import type { ResponseError } from 'openai/resources/responses/responses';
import type { ItemStatus } from './stream-state';

export type FinalStatus =
  | { status: 'completed' }
  | { status: 'incomplete'; reason: 'max_output_tokens' | 'content_filter' }
  | { status: 'failed'; error: ResponseError };

/** `length` and `content_filter` cut the response off; any other finish reason completes it. */
export function toResponseStatus(finishReason: string | undefined): FinalStatus {
  if (finishReason === 'length') return { status: 'incomplete', reason: 'max_output_tokens' };
  if (finishReason === 'content_filter') return { status: 'incomplete', reason: 'content_filter' };
  return { status: 'completed' };
}

/** The status of the items open when the response ends that way. */
export function toItemStatus(finishReason: string | undefined): ItemStatus {
  return finishReason === 'length' || finishReason === 'content_filter'
    ? 'incomplete'
    : 'completed';
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
