import type { Response, ResponseOutputItem } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { createResponse } from '../core/create-response';
import { toFinishReason } from './to-finish-reason';

function response(overrides: Partial<Response>): Response {
  return createResponse(
    { id: 'resp_1', model: 'm', createdAt: 1700000000 },
    { status: 'completed', ...overrides },
  );
}

const functionCall: ResponseOutputItem = {
  type: 'function_call',
  id: 'fc_1',
  call_id: 'call_1',
  name: 'weather',
  arguments: '{}',
  status: 'completed',
};

const refusal: ResponseOutputItem = {
  type: 'message',
  id: 'msg_1',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'refusal', refusal: 'No.' }],
};

const text: ResponseOutputItem = {
  type: 'message',
  id: 'msg_2',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text: 'Hi', annotations: [], logprobs: [] }],
};

describe('toFinishReason', () => {
  it('keeps the raw finish reason as the upstream sent it', () => {
    expect(toFinishReason(response({}), 'end_turn')).toMatchInlineSnapshot(`
      {
        "raw": "end_turn",
        "unified": "stop",
      }
    `);
  });

  it('ends a failed response with error, whatever the upstream said', () => {
    expect(toFinishReason(response({ status: 'failed' }), 'stop')).toMatchInlineSnapshot(`
      {
        "raw": "stop",
        "unified": "error",
      }
    `);
  });

  it.each([
    ['max_output_tokens', 'length'],
    ['content_filter', 'content-filter'],
  ] as const)('ends a response incomplete for %s with %s', (reason, unified) => {
    const incomplete = response({ status: 'incomplete', incomplete_details: { reason } });
    expect(toFinishReason(incomplete, 'length').unified).toBe(unified);
  });

  it('ends a response incomplete for no known reason with other', () => {
    const incomplete = response({ status: 'incomplete', incomplete_details: null });
    expect(toFinishReason(incomplete, undefined).unified).toBe('other');
  });

  it('ends a completed response that called a function with tool-calls, even after stop', () => {
    // Ollama and some vLLM versions say `stop` on a tool-call turn.
    expect(
      toFinishReason(response({ output: [text, functionCall] }), 'stop'),
    ).toMatchInlineSnapshot(`
      {
        "raw": "stop",
        "unified": "tool-calls",
      }
    `);
  });

  it('ends a completed response with a refusal with content-filter', () => {
    expect(toFinishReason(response({ output: [refusal] }), 'stop').unified).toBe('content-filter');
  });

  it('prefers tool-calls to content-filter when a refusal comes before a call', () => {
    expect(toFinishReason(response({ output: [refusal, functionCall] }), 'stop').unified).toBe(
      'tool-calls',
    );
  });

  it.each([undefined, 'stop', 'end_turn', 'stop_sequence', 'eos'])(
    'ends a completed answer with stop for the raw reason %s',
    (raw) => {
      expect(toFinishReason(response({ output: [text] }), raw).unified).toBe('stop');
    },
  );

  it.each(['tool_calls', 'function_call'])(
    'ends a completed response with tool-calls for the raw reason %s, calls or not',
    (raw) => {
      expect(toFinishReason(response({ output: [text] }), raw).unified).toBe('tool-calls');
    },
  );

  it('ends a completed response with other for a raw reason it does not know', () => {
    expect(toFinishReason(response({ output: [text] }), 'max_tokens').unified).toBe('other');
  });
});
