/**
 * A Chat Completions server that decides each answer from the request it gets, as a model
 * would: the tests of real clients (Codex, the Agents SDK, the AI SDK's Responses models) give
 * it a script — "the last message is a tool result: answer with it; else call this tool" — and
 * read back every request it received.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type ChunkDelta, chunk } from './builders';
import type { ChatRequestBody } from './chat-request';
import { sse } from './chat-server';
import { type LoopbackServer, startServer } from './loopback';

/** What the backend answers: chunks to stream, or a whole HTTP response. */
export type ScriptedAnswer =
  | { chunks: readonly unknown[]; done?: boolean }
  | { response: Response };

export type Script = (request: ChatRequestBody, index: number) => ScriptedAnswer;

export interface ScriptedBackend {
  /** `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  requests: ChatRequestBody[];
  /** The `Authorization` header of each request, in the same order. */
  authorizations: Array<string | null>;
  /** The script for the requests to come. */
  play(script: Script): void;
}

/** A scripted backend for the tests of one file, reset before each test. */
export function useScriptedBackend(): ScriptedBackend {
  let server: LoopbackServer | undefined;
  let script: Script = () => ({ response: new Response('no script', { status: 500 }) });
  const backend: ScriptedBackend = {
    baseURL: '',
    requests: [],
    authorizations: [],
    play: (next) => {
      script = next;
    },
  };
  beforeAll(async () => {
    server = await startServer(async (request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET' && path === '/v1/models') {
        return Response.json({ object: 'list', data: [{ id: 'scripted', object: 'model' }] });
      }
      const body = (await request.json()) as ChatRequestBody;
      backend.requests.push(body);
      backend.authorizations.push(request.headers.get('authorization'));
      const answer = script(body, backend.requests.length - 1);
      if ('response' in answer) return answer.response;
      // The same answer, whole, to a request that did not ask for a stream.
      if (body.stream !== true) return Response.json(toCompletion(answer.chunks));
      return sse([...answer.chunks], { done: answer.done ?? true });
    });
    backend.baseURL = `${server.url}/v1`;
  });
  beforeEach(() => {
    backend.requests.length = 0;
    backend.authorizations.length = 0;
  });
  afterAll(() => server?.close());
  return backend;
}

/** What a non-streaming server answers for the chunks it would have streamed. */
function toCompletion(chunks: readonly unknown[]) {
  const message: Record<string, unknown> = { role: 'assistant', content: null };
  const calls: Array<{
    id: string;
    type: 'function';
    function: { name: string; arguments: string };
  }> = [];
  let finishReason: string | null = null;
  let usage: unknown;
  for (const value of chunks) {
    const each = value as Partial<ChatCompletionChunk> & Record<string, unknown>;
    if (each.usage) usage = each.usage;
    const choice = each.choices?.[0];
    if (choice?.finish_reason) finishReason = choice.finish_reason;
    const delta = (choice?.delta ?? {}) as Record<string, unknown>;
    for (const field of ['content', 'reasoning_content', 'reasoning']) {
      if (typeof delta[field] === 'string')
        message[field] = `${message[field] ?? ''}${delta[field]}`;
    }
    for (const call of (delta.tool_calls ?? []) as Array<{
      index: number;
      id?: string;
      function?: { name?: string; arguments?: string };
    }>) {
      const known = calls[call.index] ?? {
        id: '',
        type: 'function',
        function: { name: '', arguments: '' },
      };
      calls[call.index] = known;
      known.id ||= call.id ?? '';
      known.function.name ||= call.function?.name ?? '';
      known.function.arguments += call.function?.arguments ?? '';
    }
  }
  if (calls.length > 0) message.tool_calls = calls;
  return {
    id: 'chatcmpl-scripted',
    object: 'chat.completion',
    created: 1700000000,
    model: 'scripted',
    choices: [{ index: 0, message, finish_reason: finishReason ?? 'stop' }],
    ...(usage !== undefined ? { usage } : {}),
  };
}

/** The chunks of an answer: reasoning first if any, then text or one call per tool. */
export function answerWith(answer: {
  reasoning?: string;
  text?: string;
  calls?: ReadonlyArray<{
    id: string;
    name: string;
    arguments: string;
    extra?: Record<string, unknown>;
  }>;
  usage?: ChatCompletionChunk['usage'];
}): ScriptedAnswer {
  const chunks: unknown[] = [];
  const delta = (fields: ChunkDelta) => chunks.push(chunk({ delta: fields }));
  if (answer.reasoning !== undefined)
    delta({ role: 'assistant', reasoning_content: answer.reasoning });
  if (answer.text !== undefined) delta({ content: answer.text });
  (answer.calls ?? []).forEach((call, index) => {
    delta({
      tool_calls: [
        {
          index,
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
          ...call.extra,
        },
      ],
    });
  });
  chunks.push(
    chunk({
      finish_reason: (answer.calls ?? []).length > 0 ? 'tool_calls' : 'stop',
      usage: answer.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    }),
  );
  return { chunks };
}

/** The names of the functions a request offers. */
export function toolNames(request: ChatRequestBody): string[] {
  return (request.tools ?? []).flatMap((tool) => ('function' in tool ? [tool.function.name] : []));
}

/** The text of the last message, if it is a tool result. */
export function lastToolResult(request: ChatRequestBody): string | undefined {
  const last = request.messages.at(-1);
  if (last?.role !== 'tool') return undefined;
  return typeof last.content === 'string'
    ? last.content
    : last.content.map((part) => ('text' in part ? part.text : '')).join('');
}
