/**
 * Tool-call formats with no recording in test/fixtures, built by hand from each provider's
 * documentation or from the reports that describe them. Each case is judged three ways: the
 * event sequence validates against the Open Responses spec (and the other invariants of
 * checkEventSequence), the official `openai` client accepts it as SSE and accumulates exactly
 * our final Response (convertAndJudge), and that Response holds exactly the calls that came in.
 */
import type {
  Response,
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk, completion, customToolCall, toolCall } from '../../test/support/builders';
import { sequentialIds } from '../../test/support/fixtures';
import { convertAndJudge, judgedClock } from '../../test/support/official-client';
import { validateResponse } from '../../test/support/open-responses-schema';
import { toResponse } from './to-response';

type ToolCallItem = ResponseFunctionToolCall | ResponseCustomToolCall;

/** The calls of a Response, as name, call id and arguments (or input), in output order. */
const callsOf = (response: Response) =>
  response.output
    .filter(
      (item): item is ToolCallItem =>
        item.type === 'function_call' || item.type === 'custom_tool_call',
    )
    .map((item) => ({
      type: item.type,
      name: item.name,
      callId: item.call_id,
      ...(item.type === 'function_call' ? { arguments: item.arguments } : { input: item.input }),
    }));

const typesOf = (events: ResponseStreamEvent[]) => events.map((event) => event.type);

const functionCall = (name: string, callId: string, args: string) => ({
  type: 'function_call',
  name,
  callId,
  arguments: args,
});

describe('toResponsesEvents on documented tool-call formats', () => {
  describe('custom tool calls', () => {
    it('streams a custom tool call as a custom_tool_call item with its input events', async () => {
      // Constructed from OpenAI's documented format: custom tools in the function calling guide
      // (platform.openai.com/docs/guides/function-calling#custom-tools) and the chat tool call
      // `{id, type: "custom", custom: {name, input}}`, streamed like a function call: header
      // first, then fragments of `custom.input` at the same index.
      const { events, response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [
              customToolCall({ index: 0, id: 'call_patch', name: 'apply_patch', input: '' }),
            ],
          },
        }),
        chunk({
          delta: { tool_calls: [customToolCall({ index: 0, input: '*** Begin Patch\n' })] },
        }),
        chunk({ delta: { tool_calls: [customToolCall({ index: 0, input: '*** End Patch' })] } }),
        chunk({ finish_reason: 'tool_calls' }),
      ]);
      expect(response.output).toEqual([
        {
          id: 'ctc_0002',
          type: 'custom_tool_call',
          status: 'completed',
          call_id: 'call_patch',
          name: 'apply_patch',
          input: '*** Begin Patch\n*** End Patch',
        },
      ]);
      expect(typesOf(events).slice(2, -1)).toEqual([
        'response.output_item.added',
        'response.custom_tool_call_input.delta',
        'response.custom_tool_call_input.delta',
        'response.custom_tool_call_input.done',
        'response.output_item.done',
      ]);
    });

    it('reads a custom tool call of a non-streamed completion, and agrees with the stream', async () => {
      // Constructed from OpenAI's documented format: `message.tool_calls[]` of a chat completion
      // (platform.openai.com/docs/api-reference/chat/object), a custom tool's call being
      // `{id, type: "custom", custom: {name, input}}`.
      const call = {
        id: 'call_sql',
        type: 'custom' as const,
        custom: { name: 'run_sql', input: 'SELECT 1;' },
      };
      const body = completion({
        message: { content: null, tool_calls: [call] },
        finish_reason: 'tool_calls',
      });
      const response = toResponse(body, { generateId: sequentialIds(), currentDate: judgedClock });
      expect(validateResponse(response)).toEqual([]);
      expect(callsOf(response)).toEqual([
        { type: 'custom_tool_call', name: 'run_sql', callId: 'call_sql', input: 'SELECT 1;' },
      ]);
      // The same call in one chunk: the stream the official client accepts ends the same way.
      const streamed = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [customToolCall({ index: 0, id: 'call_sql', ...call.custom })],
          },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(response).toEqual(streamed.response);
    });
  });

  describe('arguments in unusual places', () => {
    it('drops the {} Bedrock sends before the arguments, and keeps a lone {}', async () => {
      // Constructed from Bedrock's documented format: openai/openai-agents-js#712, "some
      // providers (e.g., Bedrock) return an initial empty `{}` followed by actual arguments when
      // streaming tool calls", while a call with no arguments is `{}` alone.
      const { events, response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [
              toolCall({ index: 0, id: 'tooluse_1', name: 'get_weather', arguments: '{}' }),
            ],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '{"city":' })] } }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '"Paris"}' })] } }),
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 1, id: 'tooluse_2', name: 'now', arguments: '{}' })],
          },
        }),
        chunk({ finish_reason: 'tool_calls' }),
      ]);
      expect(callsOf(response)).toEqual([
        functionCall('get_weather', 'tooluse_1', '{"city":"Paris"}'),
        functionCall('now', 'tooluse_2', '{}'),
      ]);
      const deltas = events.flatMap((event) =>
        event.type === 'response.function_call_arguments.delta' ? [event.delta] : [],
      );
      expect(deltas).toEqual(['{"city":', '"Paris"}', '{}']);
    });

    it('keeps argument fragments that come after the finish reason', async () => {
      // Constructed from SGLang's documented format: sgl-project/sglang#8417, where the server
      // sends the arguments it has not streamed yet ("remaining_call") with or after the chunk
      // that carries the finish reason.
      const { response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [
              toolCall({ index: 0, id: 'call_1', name: 'get_weather', arguments: '{"city":' }),
            ],
          },
        }),
        chunk({ finish_reason: 'tool_calls' }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '"Paris"}' })] } }),
        chunk({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 6, total_tokens: 11 } }),
      ]);
      expect(callsOf(response)).toEqual([
        functionCall('get_weather', 'call_1', '{"city":"Paris"}'),
      ]);
      expect(response.status).toBe('completed');
      expect(response.output[0]).toMatchObject({ status: 'completed' });
    });

    it('keeps arguments that come before the id and name of a call without index', async () => {
      // Constructed from the format reported in Zoo-Code-Org/Zoo-Code#695: "a provider streams a
      // tool call whose first delta(s) carry argument bytes before the tool-call id is known",
      // here without `index` (Mistral leaves it out, fixture mistral-small-tool-call).
      const { response } = await convertAndJudge([
        chunk({ delta: { role: 'assistant', tool_calls: [toolCall({ arguments: '{"q":' })] } }),
        chunk({ delta: { tool_calls: [toolCall({ arguments: '"responses"}' })] } }),
        chunk({ delta: { tool_calls: [toolCall({ id: 'call_late', name: 'search' })] } }),
        chunk({ finish_reason: 'tool_calls' }),
      ]);
      expect(callsOf(response)).toEqual([functionCall('search', 'call_late', '{"q":"responses"}')]);
    });
  });

  describe('which call a fragment belongs to', () => {
    it('tells apart index-less parallel Gemini calls sent in one delta, each with a name', async () => {
      // Constructed from Gemini's documented format: open-webui/computer#224 ("Gemini can omit
      // tool_calls[].index", "finish a tool-call response with finish_reason: stop"), its OpenAI
      // endpoint sending parallel calls whole, side by side in one delta, with `id: ""`
      // (fixture gemini-2.5-pro-tool-call-thought-signature).
      const { response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [
              toolCall({ id: '', name: 'get_weather', arguments: '{"city":"Paris"}' }),
              toolCall({ id: '', name: 'get_time', arguments: '{"tz":"CET"}' }),
            ],
          },
        }),
        chunk({ finish_reason: 'stop' }),
      ]);
      expect(callsOf(response)).toEqual([
        functionCall('get_weather', 'call_0002', '{"city":"Paris"}'),
        functionCall('get_time', 'call_0004', '{"tz":"CET"}'),
      ]);
      expect(response.status).toBe('completed');
    });

    it('makes one call of two indexes that share a call id', async () => {
      // Constructed from LocalAI's documented format: mudler/LocalAI#9722, "the streaming
      // response delivers that single logical call as multiple tool_calls deltas at different
      // index values".
      const { response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [toolCall({ index: 0, id: 'call_ls', name: 'ls', arguments: '' })],
          },
        }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 1, id: 'call_ls', arguments: '{"path":' })] },
        }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 2, id: 'call_ls', arguments: '"/tmp"}' })] },
        }),
        chunk({ finish_reason: 'tool_calls' }),
      ]);
      expect(callsOf(response)).toEqual([functionCall('ls', 'call_ls', '{"path":"/tmp"}')]);
    });

    it('places a call whose id arrives last in the order calls began', async () => {
      // Constructed from the format reported in tambo-ai/tambo#2039: the tool call id "is added
      // only at toolcall generation end", while a later parallel call is whole from its first
      // delta.
      const { events, response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            tool_calls: [toolCall({ index: 0, name: 'first', arguments: '{"a":1}' })],
          },
        }),
        chunk({
          delta: {
            tool_calls: [
              toolCall({ index: 1, id: 'call_b', name: 'second', arguments: '{"b":2}' }),
            ],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, id: 'call_a' })] } }),
        chunk({ finish_reason: 'tool_calls' }),
      ]);
      expect(callsOf(response)).toEqual([
        functionCall('first', 'call_a', '{"a":1}'),
        functionCall('second', 'call_b', '{"b":2}'),
      ]);
      // Nothing of the second call goes out before the first is added.
      const added = events.flatMap((event) =>
        event.type === 'response.output_item.added' ? [event.output_index] : [],
      );
      expect(added).toEqual([0, 1]);
    });

    it('reads the legacy delta.function_call and finish_reason "function_call"', async () => {
      // Constructed from OpenAI's documented format: the deprecated `function_call` of the chat
      // completion chunk delta (`{name, arguments}`, no id) and `finish_reason: "function_call"`
      // (platform.openai.com/docs/api-reference/chat-streaming/streaming).
      const { response } = await convertAndJudge([
        chunk({
          delta: {
            role: 'assistant',
            content: null,
            function_call: { name: 'get_weather', arguments: '' },
          },
        }),
        chunk({ delta: { function_call: { arguments: '{"city":' } } }),
        chunk({ delta: { function_call: { arguments: '"Paris"}' } } }),
        chunk({ finish_reason: 'function_call' }),
      ]);
      expect(callsOf(response)).toEqual([
        functionCall('get_weather', 'call_0002', '{"city":"Paris"}'),
      ]);
      expect(response.status).toBe('completed');
    });
  });
});
