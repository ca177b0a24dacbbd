/**
 * The provider end to end on every recording: the real `ai` package drives the model, the real
 * `openai` client fetches the recorded stream from a loopback Chat Completions server, and what
 * comes out of `streamText` / `generateText` must match the recording: texts, reasoning, tool
 * calls, usage, finish reason, and the Responses view (every event as a `raw` part, the final
 * Response in providerMetadata).
 */
import { generateText, jsonSchema, streamText, type ToolSet, tool } from 'ai';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { toResponse } from '../../src/core/to-response';
import { toResponsesEvents } from '../../src/core/to-responses-events';
import { createResponsesBridge } from '../../src/index';
import { useChatServer } from '../support/chat-server';
import {
  chatCompletionFixtures,
  chatStreamFixtures,
  collect,
  readChatCompletion,
  readChatStream,
  readChatStreamLines,
  sequentialIds,
} from '../support/fixtures';
import { checkSpec, finalResponseOf } from '../support/invariants';
import { arrayOf, field } from '../support/json';
import { validateResponse } from '../support/open-responses-schema';

const server = useChatServer();

/** Tools named like the recording's calls, without `execute`: one step, nothing run. */
function toolsFor(response: Response): ToolSet {
  const tools: ToolSet = {};
  for (const item of response.output) {
    if (item.type === 'function_call') {
      tools[item.name] = tool({ inputSchema: jsonSchema({ type: 'object' }) });
    }
  }
  return tools;
}

/** What the Response reports of those tools, as the Responses API would. */
function reportedTools(response: Response): Partial<Response> {
  const names = response.output.flatMap((item) =>
    item.type === 'function_call' ? [item.name] : [],
  );
  if (names.length === 0) return {};
  return {
    tools: [...new Set(names)].map((name) => ({
      type: 'function' as const,
      name,
      description: null,
      parameters: { type: 'object' },
      strict: null,
    })),
  };
}

function expectedText(response: Response): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : part.refusal))
    .join('');
}

function expectedReasoning(response: Response): string {
  return response.output
    .flatMap((item) => {
      if (item.type !== 'reasoning') return [];
      const parts = item.summary.length > 0 ? item.summary : (item.content ?? []);
      return [parts.map((part) => part.text).join('\n\n')];
    })
    .join('');
}

function expectedToolCalls(response: Response) {
  return response.output.flatMap((item) =>
    item.type === 'function_call'
      ? [{ toolCallId: item.call_id, toolName: item.name, input: JSON.parse(item.arguments) }]
      : [],
  );
}

/** The finish reason read straight from the recording, not from the converter. */
function recordedFinishReason(lines: string[]): string {
  const chunks = lines.map((line): unknown => JSON.parse(line));
  const firstChoice = (chunk: unknown) => arrayOf(field(chunk, 'choices'))[0];
  if (chunks.some((chunk) => field(chunk, 'error'))) return 'error';
  const toolCalls = (chunk: unknown) => field(field(firstChoice(chunk), 'delta'), 'tool_calls');
  if (chunks.some((chunk) => arrayOf(toolCalls(chunk)).length > 0)) return 'tool-calls';
  const first = chunks.map((chunk) => field(firstChoice(chunk), 'finish_reason')).find(Boolean);
  if (first === 'length') return 'length';
  if (first === 'content_filter') return 'content-filter';
  return 'stop';
}

const inStreamErrors = new Set(
  chatStreamFixtures.filter((name) =>
    readChatStreamLines(name).some((l) => l.startsWith('{"error"') || l.includes('"error":{')),
  ),
);

describe('streamText over every recorded chat stream', () => {
  it('knows which recordings end in an error', () => {
    expect([...inStreamErrors].sort()).toEqual([
      'groq-gpt-oss-120b-in-stream-error',
      'openrouter-minimax-m2-in-stream-error',
    ]);
  });

  for (const fixture of chatStreamFixtures) {
    it(`replays ${fixture}`, async () => {
      // The same clock for every conversion: no assertion may hang on a second boundary.
      const currentDate = () => new Date(1_750_000_000_000);
      const plain = finalResponseOf(
        await collect(
          toResponsesEvents(readChatStream(fixture), { generateId: sequentialIds(), currentDate }),
        ),
      );
      const expectedEvents = await collect(
        toResponsesEvents(readChatStream(fixture), {
          generateId: sequentialIds(),
          currentDate,
          response: reportedTools(plain),
        }),
      );
      const expected = finalResponseOf(expectedEvents);
      const seen: ResponseStreamEvent[] = [];
      const finals: Response[] = [];
      const provider = createResponsesBridge({
        baseURL: server.baseURL,
        apiKey: 'sk-test-fixture-key',
        generateId: sequentialIds(),
        currentDate,
        onEvent: (event) => seen.push(event),
        onResponse: (response) => finals.push(response),
      });
      server.reply({ fixture });

      const result = streamText({
        model: provider('replayed-model'),
        prompt: 'Replay the recording.',
        tools: toolsFor(expected),
        includeRawChunks: true,
        maxRetries: 0,
        // The error is checked below, as a part; the default handler would only log it.
        onError: () => {},
      });
      const parts = await collect(result.fullStream);

      const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.text] : [])).join('');
      const reasoning = parts
        .flatMap((p) => (p.type === 'reasoning-delta' ? [p.text] : []))
        .join('');
      const raw = parts.flatMap((p) => (p.type === 'raw' ? [p.rawValue] : []));
      const toolCalls = parts.flatMap((p) =>
        p.type === 'tool-call'
          ? [{ toolCallId: p.toolCallId, toolName: p.toolName, input: p.input }]
          : [],
      );
      const finish = parts.find((p) => p.type === 'finish-step');

      expect(text).toBe(expectedText(expected));
      expect(reasoning).toBe(expectedReasoning(expected));
      expect(toolCalls).toEqual(expectedToolCalls(expected));
      expect(finish?.finishReason).toBe(recordedFinishReason(readChatStreamLines(fixture)));
      expect(seen).toEqual(raw);
      // What an includeRawChunks caller reads is the Responses view, to the letter of the spec.
      checkSpec(raw);
      expect(finals).toHaveLength(1);
      const metadata = finish?.providerMetadata?.responsesBridge as
        | { responseId: string; response: Response }
        | undefined;
      expect(metadata?.response).toEqual(finals[0]);
      expect(metadata?.responseId).toBe(finals[0]?.id);

      if (inStreamErrors.has(fixture)) {
        // The openai client throws on the error payload, so the Responses view ends there.
        const error = parts.find((p) => p.type === 'error');
        expect(error, 'an error part').toBeDefined();
        expect(String((error as { error: Error }).error.message)).toBe(
          (expected.error as { message: string }).message,
        );
        expect(finals[0]?.status).toBe('failed');
        return;
      }
      // Everything the converter makes of the recording, event for event.
      expect(raw).toEqual(expectedEvents);
      expect(metadata?.response).toEqual(expected);
      const usage = finish?.usage;
      expect(usage?.inputTokens).toBe(expected.usage?.input_tokens);
      expect(usage?.outputTokens).toBe(expected.usage?.output_tokens);
      expect(usage?.outputTokenDetails.reasoningTokens).toBe(
        expected.usage?.output_tokens_details.reasoning_tokens,
      );
      expect(usage?.inputTokenDetails.cacheReadTokens).toBe(
        expected.usage?.input_tokens_details.cached_tokens,
      );
    });
  }
});

describe('generateText over every recorded completion', () => {
  for (const fixture of chatCompletionFixtures) {
    it(`returns ${fixture}`, async () => {
      const completion = readChatCompletion(fixture);
      const currentDate = () => new Date(1_750_000_000_000);
      const plain = toResponse(completion, { generateId: sequentialIds(), currentDate });
      const expected = toResponse(completion, {
        generateId: sequentialIds(),
        currentDate,
        response: reportedTools(plain),
      });
      const provider = createResponsesBridge({
        baseURL: server.baseURL,
        apiKey: 'sk-test-fixture-key',
        generateId: sequentialIds(),
        currentDate,
      });
      server.reply({ completionFixture: fixture });
      const result = await generateText({
        model: provider('replayed-model'),
        prompt: 'Replay the recording.',
        tools: toolsFor(expected),
        maxRetries: 0,
      });
      expect(result.text).toBe(expectedText(expected));
      expect(result.reasoningText ?? '').toBe(expectedReasoning(expected));
      expect(
        result.toolCalls.map(({ toolCallId, toolName, input }) => ({
          toolCallId,
          toolName,
          input,
        })),
      ).toEqual(expectedToolCalls(expected));
      expect(result.finishReason).toBe(
        expectedToolCalls(expected).length > 0 ? 'tool-calls' : 'stop',
      );
      expect(result.providerMetadata?.responsesBridge?.response).toEqual(expected);
      expect(validateResponse(result.providerMetadata?.responsesBridge?.response)).toEqual([]);
      expect(result.usage.inputTokens).toBe(expected.usage?.input_tokens);
      expect(result.usage.outputTokens).toBe(expected.usage?.output_tokens);
      expect(result.response.id).toBe(expected.id);
    });
  }
});
