import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type {
  Response,
  ResponseFunctionToolCall,
  ResponseReasoningItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk, completion, toolCall } from '../../test/support/builders';
import { collect, sequentialIds } from '../../test/support/fixtures';
import { checkEventSequence } from '../../test/support/invariants';
import type { ResponseFunctionToolCallWithSignature } from './function-call-item';
import { decodeReasoningEnvelope } from './reasoning-envelope';
import { toResponse } from './to-response';
import { toResponsesEvents } from './to-responses-events';

async function convert(chunks: Iterable<ChatCompletionChunk> | AsyncIterable<ChatCompletionChunk>) {
  const events = await collect(toResponsesEvents(chunks, { generateId: sequentialIds() }));
  return { events, response: checkEventSequence(events) };
}

/** The events each chunk produced before the next one was pulled from the source. */
async function eventsPerChunk(chunks: ChatCompletionChunk[]): Promise<ResponseStreamEvent[][]> {
  const batches: ResponseStreamEvent[][] = [];
  async function* source() {
    for (const c of chunks) {
      batches.push([]);
      yield c;
    }
    batches.push([]);
  }
  for await (const event of toResponsesEvents(source(), { generateId: sequentialIds() })) {
    batches[batches.length - 1]!.push(event);
  }
  return batches;
}

const types = (events: ResponseStreamEvent[]) => events.map((event) => event.type);
const calls = (response: Response) =>
  response.output.filter(
    (item): item is ResponseFunctionToolCallWithSignature => item.type === 'function_call',
  );

describe('toResponsesEvents', () => {
  describe('lifecycle', () => {
    it('starts with response.created and response.in_progress and ends with response.completed', async () => {
      const { events, response } = await convert([
        chunk({ delta: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }),
      ]);
      expect(types(events)).toEqual([
        'response.created',
        'response.in_progress',
        'response.output_item.added',
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
        'response.output_item.done',
        'response.completed',
      ]);
      expect(response.output_text).toBe('Hi');
    });

    it('completes an empty stream with no output', async () => {
      const { events, response } = await convert([]);
      expect(types(events)).toEqual([
        'response.created',
        'response.in_progress',
        'response.completed',
      ]);
      expect(response.output).toEqual([]);
    });

    it('reports the caller’s response fields and keeps the upstream id beside them', async () => {
      const events = await collect(
        toResponsesEvents([chunk({ delta: { content: 'x' } })], {
          generateId: sequentialIds(),
          response: { model: 'my-model', instructions: 'Be brief', temperature: 0.2 },
        }),
      );
      const response = checkEventSequence(events);
      expect(response).toMatchObject({
        model: 'my-model',
        instructions: 'Be brief',
        temperature: 0.2,
        created_at: 1700000000,
        metadata: {},
        provider_specific_fields: { chat_completion_id: 'chatcmpl-test' },
      });
      expect((events[0] as { response: Response }).response.model).toBe('my-model');
    });

    it('reports a json_schema format with the description and strict the spec requires', async () => {
      // The server and the provider echo the format a client sent, often without `description`
      // (or `strict`): JsonSchemaResponseFormat requires both, so the Response failed the spec.
      const schema = { type: 'object', properties: { city: { type: 'string' } } };
      const events = await collect(
        toResponsesEvents([chunk({ delta: { content: '{}' }, finish_reason: 'stop' })], {
          generateId: sequentialIds(),
          response: {
            text: { format: { type: 'json_schema', name: 'city', schema }, verbosity: 'low' },
          },
        }),
      );
      const response = checkEventSequence(events);
      expect(response.text).toEqual({
        format: { type: 'json_schema', name: 'city', schema, description: null, strict: false },
        verbosity: 'low',
      });
      const strict = { type: 'json_schema' as const, name: 'city', schema, strict: true };
      const described = toResponse(completion({ message: { content: '{}' } }), {
        response: { text: { format: { ...strict, description: 'A city' } } },
      });
      expect(described.text?.format).toEqual({ ...strict, description: 'A city' });
    });

    it('makes real, unique ids by default', async () => {
      const events = await collect(
        toResponsesEvents([
          chunk({ delta: { reasoning_content: 'think' } }),
          chunk({ delta: { content: 'answer' } }),
          chunk({
            delta: {
              tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'f', arguments: '{}' })],
            },
            finish_reason: 'tool_calls',
          }),
        ]),
      );
      const response = checkEventSequence(events);
      expect(response.id).toMatch(/^resp_[0-9a-f]{48}$/);
      expect(response.output.map((item) => item.id)).toEqual([
        expect.stringMatching(/^rs_[0-9a-f]{48}$/),
        expect.stringMatching(/^msg_[0-9a-f]{48}$/),
        expect.stringMatching(/^fc_[0-9a-f]{48}$/),
      ]);
    });

    it('hands out each event before the next chunk is read', async () => {
      const batches = await eventsPerChunk([
        chunk({ delta: { role: 'assistant', content: '' } }),
        chunk({ delta: { content: 'Hello' } }),
        chunk({ delta: { content: ' world' }, finish_reason: 'stop' }),
      ]);
      expect(types(batches[0]!)).toEqual(['response.created', 'response.in_progress']);
      expect(types(batches[1]!)).toContain('response.output_text.delta');
      expect(
        batches[1]!.find((event) => event.type === 'response.output_text.delta'),
      ).toMatchObject({
        delta: 'Hello',
      });
    });
  });

  describe('message items', () => {
    it('puts text and a refusal in one message item, as two content parts', async () => {
      // Constructed from OpenAI's documented `delta.refusal` field: no recording carries refusal text.
      const { events, response } = await convert([
        chunk({ delta: { role: 'assistant', content: 'I looked into it. ', refusal: null } }),
        chunk({ delta: { refusal: "I can't help" } }),
        chunk({ delta: { refusal: ' with that.' }, finish_reason: 'stop' }),
      ]);
      expect(events.filter((event) => event.type === 'response.output_item.added')).toHaveLength(1);
      expect(response.output).toEqual([
        {
          id: 'msg_0002',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'I looked into it. ', annotations: [], logprobs: [] },
            { type: 'refusal', refusal: "I can't help with that." },
          ],
        },
      ]);
      expect(events.find((event) => event.type === 'response.refusal.done')).toMatchObject({
        content_index: 1,
        refusal: "I can't help with that.",
      });
    });

    it('ignores empty content and refusal strings', async () => {
      const { response } = await convert([
        chunk({ delta: { content: '', refusal: '' } }),
        chunk({ delta: { content: '' }, finish_reason: 'stop' }),
      ]);
      expect(response.output).toEqual([]);
    });
  });

  describe('reasoning items', () => {
    it('maps reasoning_content to a reasoning summary and closes it when the answer starts', async () => {
      const { events, response } = await convert([
        chunk({ delta: { reasoning_content: 'Let me ' } }),
        chunk({ delta: { reasoning_content: 'think.' } }),
        chunk({ delta: { content: 'Done.' }, finish_reason: 'stop' }),
      ]);
      const reasoningDone = events.findIndex((event) => event.type === 'response.output_item.done');
      const messageAdded = events.findIndex(
        (event) => event.type === 'response.output_item.added' && event.item.type === 'message',
      );
      expect(reasoningDone).toBeLessThan(messageAdded);
      expect(response.output[0]).toEqual({
        id: 'rs_0002',
        type: 'reasoning',
        status: 'completed',
        summary: [{ type: 'summary_text', text: 'Let me think.' }],
      });
    });

    it('maps reasoning to reasoning text content', async () => {
      const { events, response } = await convert([
        chunk({ delta: { reasoning: 'Hmm' } }),
        chunk({ delta: { content: 'Ok' } }),
      ]);
      expect(types(events)).toContain('response.reasoning_text.done');
      expect(response.output[0]).toMatchObject({
        content: [{ type: 'reasoning_text', text: 'Hmm' }],
      });
    });

    it('starts a new reasoning item when reasoning resumes after the answer', async () => {
      const { response } = await convert([
        chunk({ delta: { reasoning_content: 'first' } }),
        chunk({ delta: { content: 'text' } }),
        chunk({ delta: { reasoning_content: 'second' } }),
        chunk({ delta: { content: 'more' }, finish_reason: 'stop' }),
      ]);
      expect(response.output.map((item) => item.type)).toEqual([
        'reasoning',
        'message',
        'reasoning',
        'message',
      ]);
    });

    it('treats reasoning that repeats reasoning_content in the same delta as an alias', async () => {
      // vLLM and LiteLLM may send both names for the same text.
      const { response } = await convert([
        chunk({ delta: { reasoning_content: 'same', reasoning: 'same' } }),
      ]);
      expect(response.output[0]).toEqual({
        id: 'rs_0002',
        type: 'reasoning',
        status: 'completed',
        summary: [{ type: 'summary_text', text: 'same' }],
      });
    });

    it('reads LiteLLM thinking_blocks once, as reasoning text, with their signature in the envelope', async () => {
      // Constructed from LiteLLM's documented Anthropic streaming delta: reasoning_content plus
      // thinking_blocks, the signature arriving in the last thinking block.
      const { response } = await convert([
        chunk({
          delta: {
            role: 'assistant',
            reasoning_content: 'Weigh',
            thinking_blocks: [{ type: 'thinking', thinking: 'Weigh' }],
          },
        }),
        chunk({
          delta: {
            reasoning_content: ' it.',
            thinking_blocks: [{ type: 'thinking', thinking: ' it.' }],
          },
        }),
        chunk({
          delta: {
            thinking_blocks: [
              { type: 'thinking', thinking: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA' },
            ],
          },
        }),
        chunk({ delta: { content: 'Answer' }, finish_reason: 'stop' }),
      ]);
      const [reasoning] = response.output;
      expect(reasoning).toEqual({
        id: 'rs_0002',
        type: 'reasoning',
        status: 'completed',
        summary: [],
        content: [{ type: 'reasoning_text', text: 'Weigh it.' }],
        encrypted_content: expect.any(String),
      });
      expect(
        decodeReasoningEnvelope((reasoning as ResponseReasoningItem).encrypted_content),
      ).toEqual({
        format: 'thinking_blocks',
        blocks: [
          { type: 'thinking', thinking: 'Weigh it.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA' },
        ],
      });
    });
  });

  describe('function calls', () => {
    it('streams a call as soon as its name and id are known', async () => {
      const batches = await eventsPerChunk([
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'search', arguments: '' })],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '{"q":' })] } }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, arguments: '"x"}' })] },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(types(batches[0]!)).toContain('response.output_item.added');
      expect(types(batches[1]!)).toEqual(['response.function_call_arguments.delta']);
    });

    it('never closes a call on a parsable prefix of its arguments, only at the end of the stream', async () => {
      const batches = await eventsPerChunk([
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'f', arguments: '{"a":1}' })],
          },
        }),
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 1, id: 'call_2', name: 'g', arguments: '{"b":' })],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '' })] } }),
        chunk({ finish_reason: 'tool_calls' }),
        // Some servers send a call's last fragment after the finish reason.
        chunk({ delta: { tool_calls: [toolCall({ index: 1, arguments: '2}' })] } }),
      ]);
      for (const batch of batches.slice(0, 5)) {
        expect(types(batch)).not.toContain('response.function_call_arguments.done');
        expect(types(batch)).not.toContain('response.output_item.done');
      }
      const last = batches[5]!;
      expect(last.filter((event) => event.type === 'response.output_item.done')).toMatchObject([
        { item: { call_id: 'call_1', arguments: '{"a":1}' } },
        { item: { call_id: 'call_2', arguments: '{"b":2}' } },
      ]);
    });

    it('keeps interleaved parallel calls apart', async () => {
      // Constructed: the OpenAI wire format allows deltas of parallel calls to interleave by index.
      const { response } = await convert([
        chunk({
          delta: {
            tool_calls: [
              toolCall({ index: 0, id: 'call_a', name: 'weather', arguments: '{"city":' }),
            ],
          },
        }),
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 1, id: 'call_b', name: 'time', arguments: '{"tz":' })],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '"Paris"}' })] } }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 1, arguments: '"CET"}' })] },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(
        calls(response).map(({ call_id, name, arguments: args }) => ({ call_id, name, args })),
      ).toEqual([
        { call_id: 'call_a', name: 'weather', args: '{"city":"Paris"}' },
        { call_id: 'call_b', name: 'time', args: '{"tz":"CET"}' },
      ]);
    });

    it('adds a call whose id and name come after its first arguments, with nothing lost', async () => {
      // Constructed: no recording shows it, but the wire format allows any field in any chunk.
      const { events, response } = await convert([
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: '{"a"' })] } }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, arguments: ':1' })] } }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, id: 'call_late', name: 'late' })] } }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, arguments: '}' })] },
          finish_reason: 'tool_calls',
        }),
      ]);
      const deltas = events.filter(
        (event) => event.type === 'response.function_call_arguments.delta',
      );
      expect(deltas.map((event) => event.delta)).toEqual(['{"a":1', '}']);
      expect(calls(response)[0]).toMatchObject({
        call_id: 'call_late',
        name: 'late',
        arguments: '{"a":1}',
      });
    });

    it('still reports a call whose name or id never came (the seed’s fallback)', async () => {
      const { response } = await convert([
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, name: 'no_id', arguments: '{}' })] },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(calls(response)[0]).toMatchObject({
        name: 'no_id',
        arguments: '{}',
        call_id: 'call_0002',
      });
    });

    it('tells parallel calls apart when a provider gives them all index 0', async () => {
      const { response } = await convert([
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'a', arguments: '{}' })] },
        }),
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, id: 'call_2', name: 'b', arguments: '{}' })] },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(calls(response).map((call) => call.name)).toEqual(['a', 'b']);
    });

    it('does not let an empty or changed name on a continuation overwrite the name', async () => {
      const { response } = await convert([
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'right', arguments: '{' })],
          },
        }),
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: '', name: '', arguments: '}' })],
          },
        }),
        chunk({ delta: { tool_calls: [toolCall({ index: 0, name: 'wrong' })] } }),
      ]);
      expect(calls(response)[0]).toMatchObject({
        call_id: 'call_1',
        name: 'right',
        arguments: '{}',
      });
    });

    it('keeps a streamed Gemini thought signature on the function call item', async () => {
      // Constructed from Gemini's documented OpenAI-compatible format (extra_content.google).
      const { events, response } = await convert([
        chunk({
          delta: {
            tool_calls: [
              toolCall({
                index: 0,
                id: 'call_g',
                name: 'lookup',
                arguments: '{}',
                extra_content: { google: { thought_signature: 'CiQBVKhc7gemini' } },
              }),
            ],
          },
        }),
      ]);
      const expected = {
        provider_specific_fields: { google: { thought_signature: 'CiQBVKhc7gemini' } },
      };
      expect(calls(response)[0]).toMatchObject(expected);
      expect(events.find((event) => event.type === 'response.output_item.added')).toMatchObject({
        item: expected,
      });
    });

    it('keeps a LiteLLM provider_specific_fields thought signature on the function call item', async () => {
      // Constructed from LiteLLM's documented Gemini delta (provider_specific_fields.thought_signature).
      const { response } = await convert([
        chunk({
          delta: { tool_calls: [toolCall({ index: 0, id: 'call_l', name: 'f', arguments: '{}' })] },
        }),
        chunk({
          delta: {
            tool_calls: [
              toolCall({
                index: 0,
                provider_specific_fields: { thought_signature: 'sig-litellm' },
              }),
            ],
          },
        }),
      ]);
      expect(calls(response)[0]?.provider_specific_fields).toEqual({
        google: { thought_signature: 'sig-litellm' },
      });
    });

    it('closes the message when a call begins, keeping output order', async () => {
      const { response } = await convert([
        chunk({ delta: { content: 'Checking.' } }),
        chunk({
          delta: {
            tool_calls: [toolCall({ index: 1, id: 'toolu_1', name: 'read', arguments: '{}' })],
          },
          finish_reason: 'tool_calls',
        }),
      ]);
      expect(response.output.map((item) => item.type)).toEqual(['message', 'function_call']);
    });
  });

  describe('how the response ends', () => {
    it('ends with response.incomplete (max_output_tokens) when the output was cut off', async () => {
      const { events, response } = await convert([
        chunk({ delta: { content: 'Once upon a' }, finish_reason: 'length' }),
        chunk({ usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } }),
      ]);
      expect(events.at(-1)?.type).toBe('response.incomplete');
      expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
      expect(response.output[0]).toMatchObject({ status: 'incomplete' });
      expect(response.usage?.total_tokens).toBe(6);
    });

    it('ends with response.incomplete (content_filter) when the provider filtered the output', async () => {
      const { response } = await convert([
        chunk({ delta: { content: 'Well' }, finish_reason: 'content_filter' }),
      ]);
      expect(response.status).toBe('incomplete');
      expect(response.incomplete_details).toEqual({ reason: 'content_filter' });
    });

    it('keeps the first finish reason when a provider sends another one later', async () => {
      const { response } = await convert([
        chunk({ delta: { content: 'cut' }, finish_reason: 'length' }),
        chunk({ finish_reason: 'stop' }),
      ]);
      expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    });

    it('completes a stream that never sends a finish reason', async () => {
      const { response } = await convert([
        chunk({ delta: { content: 'a' } }),
        chunk({ delta: { content: 'b' } }),
      ]);
      expect(response.status).toBe('completed');
      expect(response.output_text).toBe('ab');
    });

    it('fails, keeping what streamed, when the upstream stream throws', async () => {
      async function* failing() {
        yield chunk({ delta: { reasoning: 'plan' } });
        yield chunk({ delta: { content: 'partial ' } });
        yield chunk({
          delta: {
            tool_calls: [toolCall({ index: 0, id: 'call_1', name: 'f', arguments: '{"x":' })],
          },
        });
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      const { events, response } = await convert(failing());
      expect(events.at(-2)).toMatchObject({
        type: 'error',
        code: 'ECONNRESET',
        message: 'socket hang up',
      });
      expect(response.error).toEqual({ code: 'server_error', message: 'socket hang up' });
      expect(
        response.output.map((item) => [item.type, (item as { status: string }).status]),
      ).toEqual([
        ['reasoning', 'completed'],
        ['message', 'completed'],
        ['function_call', 'incomplete'],
      ]);
      expect(calls(response)[0]?.arguments).toBe('{"x":');
    });

    it('stops reading the upstream after an error payload', async () => {
      let returned = false;
      let pulledAfterError = false;
      async function* source() {
        try {
          yield chunk({ delta: { content: 'hi' } });
          yield {
            error: { message: 'overloaded', code: 'overloaded' },
          } as unknown as ChatCompletionChunk;
          pulledAfterError = true;
          yield chunk({ delta: { content: 'never' } });
        } finally {
          returned = true;
        }
      }
      const { events } = await convert(source());
      expect(types(events).slice(-2)).toEqual(['error', 'response.failed']);
      expect(pulledAfterError).toBe(false);
      expect(returned).toBe(true);
    });

    it('fails with a clear error on a chunk that is not an object', async () => {
      const { response } = await convert([
        chunk({ delta: { content: 'ok' } }),
        'garbage' as unknown as ChatCompletionChunk,
      ]);
      expect(response.error?.message).toMatch(
        /Expected a chat completion chunk object, got string/,
      );
      expect(response.output_text).toBe('ok');
    });

    it('returns the upstream iterator when the consumer stops early', async () => {
      let returned = false;
      async function* source() {
        try {
          yield chunk({ delta: { content: 'a' } });
          yield chunk({ delta: { content: 'b' } });
        } finally {
          returned = true;
        }
      }
      for await (const event of toResponsesEvents(source())) {
        if (event.type === 'response.output_text.delta') break;
      }
      expect(returned).toBe(true);
    });
  });

  it('skips chunks with empty or missing choices', async () => {
    const { response } = await convert([
      {
        id: '',
        object: '',
        created: 0,
        model: '',
        choices: [],
        prompt_filter_results: [],
      } as unknown as ChatCompletionChunk,
      { id: 'x', choices: null } as unknown as ChatCompletionChunk,
      chunk({ delta: { content: 'ok' } }),
      chunk({ delta: { content: null, refusal: null, tool_calls: null } }),
    ]);
    expect(response.output_text).toBe('ok');
  });

  it('reads text and thinking from a Mistral content array', async () => {
    const { response } = await convert([
      chunk({
        delta: { content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] }] },
      }),
      chunk({ delta: { content: [{ type: 'text', text: 'answer' }] } }),
    ]);
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toBe('answer');
  });

  it('types function call items as ResponseFunctionToolCall', async () => {
    const { response } = await convert([
      chunk({
        delta: { tool_calls: [toolCall({ index: 0, id: 'c', name: 'n', arguments: '{}' })] },
      }),
    ]);
    const item: ResponseFunctionToolCall = calls(response)[0]!;
    expect(item.status).toBe('completed');
  });
});
