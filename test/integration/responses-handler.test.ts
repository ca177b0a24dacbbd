/**
 * The `/v1/responses` handler end to end: the official `openai` client talks HTTP to the handler
 * on a loopback port, and the handler talks to the replay chat server
 * (test/support/chat-server.ts), whose recorded requests show what went upstream. No mocking of
 * either side. Here: responses.create and responses.stream, multi-turn input, the request
 * mapping and authorization; the errors are in responses-handler.errors.test.ts.
 */
import type {
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { toResponsesEvents } from '../../src/core/to-responses-events';
import { type ResponseFunctionToolCallWithSignature, toResponse } from '../../src/index';
import { completion } from '../support/builders';
import { assistantMessage, toolCallAt } from '../support/chat-request';
import { collect, readChatCompletion, readChatStream, sequentialIds } from '../support/fixtures';
import {
  handlerClock,
  parseSSE,
  useResponsesHandler,
  weatherTool,
} from '../support/handler-harness';
import { finalResponseOf } from '../support/invariants';
import { wire } from '../support/json';
import { withoutParseHelpers } from '../support/parsed-response';

const { upstream, startBridge, openai } = useResponsesHandler();
/** A Response field the `openai` types leave out: the real API stores a response by default. */
const stored = { store: true };

describe('responses.create and responses.stream', () => {
  it('answers a non-streaming request with the Response of the upstream completion', async () => {
    const client = await openai();
    upstream.reply({ completionFixture: 'deepseek-reasoner-reasoning' });
    const response = await client.responses.create({
      model: 'deepseek-reasoner',
      input: 'How many r are in strawberry?',
    });
    const expected = toResponse(readChatCompletion('deepseek-reasoner-reasoning'), {
      // Stored, as the real API stores a response unless told not to.
      response: { model: 'deepseek-reasoner', ...stored },
      generateId: sequentialIds(),
      currentDate: handlerClock,
    });
    expect(wire(response)).toEqual(wire(expected));
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toContain('three');
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]!.body).toEqual({
      model: 'deepseek-reasoner',
      messages: [{ role: 'user', content: 'How many r are in strawberry?' }],
      stream: false,
    });
  });

  it('streams the events of the upstream chunk stream with responses.create', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const stream = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Hi',
      stream: true,
    });
    const events = await collect(stream);
    const expected = await collect(
      toResponsesEvents(readChatStream('openai-gpt-4o-mini-text'), {
        response: { model: 'gpt-4o-mini', ...stored },
        generateId: sequentialIds(),
        currentDate: handlerClock,
      }),
    );
    expect(wire(events)).toEqual(wire(expected));
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(upstream.requests[0]!.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('frames the stream as text/event-stream SSE', async () => {
    const url = await startBridge();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'Hi', stream: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSSE(await response.text());
    expect(events[0]?.type).toBe('response.created');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('gives responses.stream a finalResponse equal to the last event', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-mini-text' });
    const stream = client.responses.stream({ model: 'gpt-4o-mini', input: 'Hi' });
    let text = '';
    stream.on('response.output_text.delta', (event) => {
      text += event.delta;
    });
    const events = await collect(stream);
    const final = await stream.finalResponse();
    const last = events.at(-1)!;
    expect(last.type).toBe('response.completed');
    // finalResponse() is a ParsedResponse: the SDK adds `output_parsed` and a `parsed` to each
    // text part, null when nothing is parsed. Without them it is the last event's response.
    expect(wire(withoutParseHelpers(final))).toEqual(wire(finalResponseOf(events)));
    expect(final.output_text).toBe(text);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('multi-turn requests', () => {
  it('sends function_call_output back as a tool message after the assistant tool call', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'deepseek-reasoner-reasoning-tool-call' });
    const turn1 = await client.responses
      .stream({
        model: 'deepseek-reasoner',
        input: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool],
      })
      .finalResponse();
    const reasoning = turn1.output.find(
      (item) => item.type === 'reasoning',
    ) as ResponseReasoningItem;
    const call = turn1.output.find(
      (item) => item.type === 'function_call',
    ) as ResponseFunctionToolCall;
    expect(call.name).toBe('weather');
    const reasoningText = reasoning.summary.map((part) => part.text).join('');
    expect(reasoningText.length).toBeGreaterThan(0);

    upstream.reply({ completion: completion({ message: { content: 'It is 21 °C.' } }) });
    const turn2 = await client.responses.create({
      model: 'deepseek-reasoner',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...(turn1.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: call.call_id, output: '{"celsius":21}' },
      ],
      tools: [weatherTool],
    });
    expect(turn2.output_text).toBe('It is 21 °C.');
    expect(upstream.requests[1]!.body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: reasoningText,
        tool_calls: [
          {
            id: call.call_id,
            type: 'function',
            function: { name: 'weather', arguments: call.arguments },
          },
        ],
      },
      { role: 'tool', tool_call_id: call.call_id, content: '{"celsius":21}' },
    ]);
  });

  it('merges consecutive function calls into one assistant message', async () => {
    const client = await openai();
    upstream.reply({ fixture: 'openai-gpt-4o-parallel-tool-calls' });
    const turn1 = await client.responses
      .stream({ model: 'gpt-4o', input: 'Two cities' })
      .finalResponse();
    const calls = turn1.output.filter(
      (item) => item.type === 'function_call',
    ) as ResponseFunctionToolCall[];
    expect(calls.length).toBeGreaterThan(1);
    upstream.reply({ completion: completion({ message: { content: 'Done.' } }) });
    await client.responses.create({
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Two cities' },
        ...(turn1.output as ResponseInputItem[]),
        ...calls.map((call, index) => ({
          type: 'function_call_output' as const,
          call_id: call.call_id,
          output: [{ type: 'input_text' as const, text: `result ${index}` }],
        })),
      ],
    });
    const messages = upstream.requests[1]!.body.messages;
    expect(messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      ...calls.map(() => 'tool'),
    ]);
    expect(assistantMessage(messages[1]).tool_calls?.map((toolCall) => toolCall.id)).toEqual(
      calls.map((call) => call.call_id),
    );
    expect(messages[2]?.content).toBe('result 0');
  });

  it('sends a Gemini thought signature back as extra_content.google.thought_signature', async () => {
    const client = await openai();
    upstream.reply({ completionFixture: 'gemini-2.5-pro-tool-call-thought-signature' });
    const turn1 = await client.responses.create({ model: 'gemini-2.5-pro', input: 'Time?' });
    const call = turn1.output[0] as ResponseFunctionToolCallWithSignature;
    const signature = call.provider_specific_fields?.google?.thought_signature;
    expect(signature).toMatch(/^AVSoXO4A/);

    upstream.reply({ completion: completion({ message: { content: 'Noon.' } }) });
    await client.responses.create({
      model: 'gemini-2.5-pro',
      input: [
        { role: 'user', content: 'Time?' },
        call,
        { type: 'function_call_output', call_id: call.call_id, output: '12:00' },
      ],
    });
    const assistant = assistantMessage(upstream.requests[1]!.body.messages[1]);
    expect(toolCallAt(assistant, 0).extra_content).toEqual({
      google: { thought_signature: signature },
    });
  });

  it('sends reasoning items back as reasoning_content on the next assistant message', async () => {
    const client = await openai();
    upstream.reply({ completion: completion({ message: { content: 'ok' } }) });
    await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'Q1' },
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'summary only' }],
        },
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'A1', annotations: [] }],
        },
        { role: 'user', content: 'Q2' },
        {
          type: 'reasoning',
          id: 'rs_2',
          summary: [],
          content: [{ type: 'reasoning_text', text: 'raw thinking' }],
        },
        {
          type: 'message',
          id: 'msg_2',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'refusal', refusal: 'No.' }],
        },
        { role: 'user', content: 'Q3' },
      ],
    });
    expect(upstream.requests[0]!.body.messages).toEqual([
      { role: 'user', content: 'Q1' },
      { role: 'assistant', content: 'A1', reasoning_content: 'summary only' },
      { role: 'user', content: 'Q2' },
      { role: 'assistant', content: '', refusal: 'No.', reasoning_content: 'raw thinking' },
      { role: 'user', content: 'Q3' },
    ]);
  });
});

describe('request mapping', () => {
  it('maps instructions, tools, tool_choice, text.format and the sampling settings', async () => {
    const client = await openai();
    upstream.reply({
      completion: completion({
        message: { content: '{"city":"Paris"}' },
        usage: { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 },
      }),
    });
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    };
    const response = await client.responses.create({
      model: 'qwen3',
      instructions: 'Answer in JSON.',
      input: 'Pick a city',
      tools: [weatherTool, { type: 'function', name: 'noop', parameters: null, strict: false }],
      tool_choice: { type: 'function', name: 'weather' },
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      user: 'user-1',
      safety_identifier: 'hashed-user',
      metadata: { session: 's1' },
      reasoning: { effort: 'low', summary: 'auto' },
      store: false,
    });
    expect(upstream.requests[0]!.body).toEqual({
      model: 'qwen3',
      messages: [
        { role: 'system', content: 'Answer in JSON.' },
        { role: 'user', content: 'Pick a city' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Current weather in a city',
            parameters: weatherTool.parameters,
            strict: true,
          },
        },
        { type: 'function', function: { name: 'noop', strict: false } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'city', schema, strict: true },
      },
      max_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      user: 'user-1',
      // OpenAI's safety and cache hints change no answer and are not sent to other backends.
      reasoning_effort: 'low',
      stream: false,
    });
    // What the real API echoes of the request.
    expect(response).toMatchObject({
      model: 'qwen3',
      instructions: 'Answer in JSON.',
      tool_choice: { type: 'function', name: 'weather' },
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      // metadata exactly as sent; the upstream's id beside it.
      metadata: { session: 's1' },
      provider_specific_fields: { chat_completion_id: 'chatcmpl-test' },
      reasoning: { effort: 'low', summary: 'auto' },
      safety_identifier: 'hashed-user',
      store: false,
      usage: { input_tokens: 9, output_tokens: 4 },
    });
    expect(response.tools).toEqual([
      { ...weatherTool },
      { type: 'function', name: 'noop', description: null, parameters: null, strict: false },
    ]);
    expect(response.output_text).toBe('{"city":"Paris"}');
  });

  it('maps json_object, tool_choice strings and content parts of every role', async () => {
    const client = await openai();
    upstream.reply({ completion: completion({ message: { content: '{}' } }) });
    await client.responses.create({
      model: 'm',
      input: [
        { role: 'developer', content: [{ type: 'input_text', text: 'Be brief.' }] },
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Look:' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
            {
              type: 'input_file',
              file_data: 'data:application/pdf;base64,JVBER',
              filename: 'a.pdf',
            },
          ],
        },
        { role: 'assistant', content: 'Seen.' },
        { role: 'system', content: 'Reply in JSON.' },
      ],
      text: { format: { type: 'json_object' } },
      tools: [weatherTool],
      tool_choice: 'required',
    });
    const body = upstream.requests[0]!.body;
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } },
          {
            type: 'file',
            file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'a.pdf' },
          },
        ],
      },
      { role: 'assistant', content: 'Seen.' },
      { role: 'system', content: 'Reply in JSON.' },
    ]);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.tool_choice).toBe('required');
  });
});

describe('authorization', () => {
  it("passes the client's bearer token upstream when no key is configured", async () => {
    const client = await openai({}, 'sk-client-own');
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    await client.responses.create({ model: 'm', input: 'Hi' });
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-client-own');
  });

  it('sends no Authorization upstream when neither side has a key', async () => {
    const url = await startBridge();
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    const response = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'Hi' }),
    });
    expect(response.status).toBe(200);
    expect(upstream.requests[0]!.headers.has('authorization')).toBe(false);
  });

  it("uses the configured upstream key and never forwards the client's", async () => {
    const client = await openai({ apiKey: 'sk-upstream-key' }, 'sk-client-own');
    upstream.reply({ completion: completion({ message: { content: 'hi' } }) });
    await client.responses.create({ model: 'm', input: 'Hi' });
    expect(upstream.requests[0]!.headers.get('authorization')).toBe('Bearer sk-upstream-key');
  });
});
