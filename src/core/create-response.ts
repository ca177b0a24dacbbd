import type {
  Response,
  ResponseOutputItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import type { FinalStatus } from './to-response-status';

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
