import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { ChatChunkStream } from './read-chat-stream';

export interface ChatStreamRequest {
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
  /** Query parameters for the request's URL. */
  query?: Record<string, string> | undefined;
}

/**
 * Sends a streaming chat request through the `openai` client (auth, base URL, headers, typed
 * HTTP errors) and reads the answer's body with this library's chunk reader.
 */
export async function openChatStream(
  client: OpenAI,
  body: ChatCompletionCreateParamsStreaming,
  request: ChatStreamRequest,
): Promise<{ chunks: ChatChunkStream; headers: Headers }> {
  const response = await client.chat.completions
    .create(body, {
      maxRetries: 0,
      headers: request.headers ?? {},
      ...(request.query !== undefined ? { query: request.query } : {}),
      ...(request.signal !== undefined ? { signal: request.signal } : {}),
    })
    .asResponse();
  return {
    chunks: new ChatChunkStream(response.body, response.headers.get('content-type')),
    headers: response.headers,
  };
}
