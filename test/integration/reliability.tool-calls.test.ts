/**
 * Reliability catalogue (issue 8), tool-call deltas: without an index, an id or a name, a name
 * that changes mid-call, arguments that never become JSON. One test per fault, end to end over
 * loopback HTTP with the real `openai` client and `ai`: which call the AI SDK sees, whether it
 * runs, and what the final Response keeps; at the end of the file nothing escaped or left open
 * (test/support/reliability-harness.ts).
 */
import { generateText } from 'ai';
import { beforeEach, describe, expect, it } from 'vitest';
import { chunk, completion, toolCall } from '../support/builders';
import {
  callTimeout,
  deadline,
  finish,
  type Run,
  reply,
  toolDelta,
  useReliabilityHarness,
} from '../support/reliability-harness';
import { findPart } from '../support/stream-parts';

const harness = useReliabilityHarness();
const { server, model, run, tools } = harness;

describe('tool-call deltas', () => {
  beforeEach(() => {
    harness.resetExecutions();
  });

  function toolCallOf(result: Run) {
    return findPart(result.parts, 'tool-call');
  }

  it(
    'no index → continues the last call; one call, executed with the joined arguments',
    async () => {
      const result = await run(
        reply([
          chunk({
            delta: {
              tool_calls: [toolCall({ id: 'call_1', name: 'lookup' })],
            },
          }),
          toolDelta({ arguments: '{"a":' }),
          toolDelta({ arguments: '1}' }),
          finish('tool_calls'),
        ]),
        { withTools: true },
      );
      expect(result.errors).toEqual([]);
      expect(toolCallOf(result)).toMatchObject({
        toolCallId: 'call_1',
        toolName: 'lookup',
        input: { a: 1 },
      });
      expect(result.parts.find((part) => part.type === 'tool-result')?.output).toEqual({
        found: 1,
      });
      expect(harness.executions).toBe(1);
      expect(result.finish?.finishReason).toBe('tool-calls');
      expect(result.response?.output).toEqual([
        expect.objectContaining({
          type: 'function_call',
          call_id: 'call_1',
          name: 'lookup',
          arguments: '{"a":1}',
          status: 'completed',
        }),
      ]);
    },
    deadline,
  );

  it(
    'no id → a generated call id, the call runs',
    async () => {
      const result = await run(
        reply([
          toolDelta({ index: 0, type: 'function', name: 'lookup', arguments: '{' }),
          toolDelta({ index: 0, arguments: '"a":2}' }),
          finish('tool_calls'),
        ]),
        { withTools: true },
      );
      const call = toolCallOf(result);
      expect(call.toolCallId).toMatch(/^call_[0-9a-f]+$/);
      expect(call.input).toEqual({ a: 2 });
      expect(harness.executions).toBe(1);
      expect(result.response?.output[0]).toMatchObject({
        call_id: call.toolCallId,
        arguments: '{"a":2}',
      });
    },
    deadline,
  );

  it(
    'no name ever → the call is kept with an empty name; the AI SDK reports an invalid call',
    async () => {
      const result = await run(
        reply([
          toolDelta({ index: 0, id: 'call_1', type: 'function', arguments: '{"a":' }),
          toolDelta({ index: 0, arguments: '3}' }),
          finish('tool_calls'),
        ]),
        { withTools: true },
      );
      const call = toolCallOf(result);
      expect(call).toMatchObject({ toolCallId: 'call_1', toolName: '', invalid: true });
      expect((call.error as Error).name).toBe('AI_NoSuchToolError');
      expect(result.types).toContain('tool-error');
      expect(harness.executions).toBe(0);
      expect(result.response?.output[0]).toMatchObject({
        type: 'function_call',
        name: '',
        arguments: '{"a":3}',
      });
    },
    deadline,
  );

  it(
    'a name that changes mid-call → the first name stands, the arguments are not split',
    async () => {
      const result = await run(
        reply([
          toolDelta({
            index: 0,
            id: 'call_1',
            type: 'function',
            name: 'lookup',
            arguments: '{"a":',
          }),
          toolDelta({ index: 0, name: 'other', arguments: '4}' }),
          finish('tool_calls'),
        ]),
        { withTools: true },
      );
      expect(result.parts.filter((part) => part.type === 'tool-call')).toHaveLength(1);
      expect(toolCallOf(result)).toMatchObject({ toolName: 'lookup', input: { a: 4 } });
      expect(harness.executions).toBe(1);
      expect(result.response?.output).toHaveLength(1);
      expect(result.response?.output[0]).toMatchObject({ name: 'lookup', arguments: '{"a":4}' });
    },
    deadline,
  );

  it(
    'arguments that never become valid JSON → invalid tool call (InvalidToolInputError), not run',
    async () => {
      const result = await run(
        reply([
          toolDelta({
            index: 0,
            id: 'call_1',
            type: 'function',
            name: 'lookup',
            arguments: '{"a":',
          }),
          toolDelta({ index: 0, arguments: 'nope' }),
          finish('tool_calls'),
        ]),
        { withTools: true },
      );
      const call = toolCallOf(result);
      expect(call).toMatchObject({ toolName: 'lookup', input: '{"a":nope', invalid: true });
      expect((call.error as Error).name).toBe('AI_InvalidToolInputError');
      expect(result.parts.find((part) => part.type === 'tool-error')?.toolCallId).toBe('call_1');
      expect(harness.executions).toBe(0);
      expect(result.finish?.finishReason).toBe('tool-calls');
      // The Response keeps the arguments exactly as they came.
      expect(result.response?.output[0]).toMatchObject({
        arguments: '{"a":nope',
        status: 'completed',
      });
    },
    deadline,
  );

  it(
    'generateText: arguments that are not JSON → the same invalid call in content',
    async () => {
      server.next((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify(
            completion({
              finish_reason: 'tool_calls',
              message: {
                content: null,
                tool_calls: [
                  {
                    id: 'call_1',
                    type: 'function',
                    function: { name: 'lookup', arguments: '{"a":' },
                  },
                ],
              },
            }),
          ),
        );
      });
      const result = await generateText({
        model: model(),
        prompt: 'Hi',
        tools,
        maxRetries: 0,
        abortSignal: AbortSignal.timeout(callTimeout),
      });
      const call = result.content.find((part) => part.type === 'tool-call');
      expect(call).toMatchObject({ toolCallId: 'call_1', invalid: true, input: '{"a":' });
      expect(result.content.some((part) => part.type === 'tool-error')).toBe(true);
      expect(harness.executions).toBe(0);
      expect(result.finishReason).toBe('tool-calls');
    },
    deadline,
  );
});

// Must stay last: vitest runs the tests of a file in order.
describe('after every fault', () => {
  it(
    'no unhandled rejection, no uncaught exception, no socket, server or timer left behind',
    () => harness.expectNothingLeftBehind(),
    deadline,
  );
});
