/**
 * The templates of the official Open Responses compliance suite (openresponses/openresponses,
 * `src/lib/compliance-tests.ts`), re-expressed here and run against `serve` (the CLI, as users
 * run it) over a scripted chat backend: each template's request, its checks (an output, status
 * completed, a function_call item, the argument events, …), and under every one of them the
 * spec itself: each streamed event against its streaming event schema, each final response
 * against `ResponseResource`, each WebSocket error against `WebSocketErrorEvent`, a compaction
 * against `CompactResource`.
 *
 * HTTP: the suite's ten templates that need no hosted tool (file_search and web_search are
 * optional there, and skipped without a vector store or an offline index). WebSocket mode: one
 * response, several on one socket, continuation, a reconnect, an unknown id, a failed
 * continuation evicting the cache, and compaction starting a new chain. Compaction over HTTP.
 */
import type { Response as ResponsesResponse } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import type { ChatRequestBody } from '../support/chat-request';
import { isRecord } from '../support/json';
import { validateEvent, validateResponse, validateSchema } from '../support/open-responses-schema';
import { completed, ResponsesSocket } from '../support/responses-socket';
import { answerWith, lastToolResult, useScriptedBackend } from '../support/scripted-backend';
import { useServeForFile } from '../support/serve-process';

const backend = useScriptedBackend();
const serve = useServeForFile(() => ['--upstream', backend.baseURL]);
const model = 'scripted-model';
const apiKey = 'sk-compliance';

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Get the current weather for a location',
  parameters: {
    type: 'object',
    properties: {
      location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' },
    },
    required: ['location'],
  },
};

function textOf(content: ChatRequestBody['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ('text' in part ? part.text : '')).join('');
}

/** A model that answers as the templates expect, from what it is sent. */
function playModel() {
  backend.play((request) => {
    const result = lastToolResult(request);
    if (result !== undefined) return answerWith({ text: `It is ${result} in San Francisco.` });
    const last = textOf(request.messages.at(-1)?.content ?? '');
    const all = request.messages.map((message) => textOf(message.content)).join('\n');
    if (last.startsWith('Write a summary')) {
      return answerWith({ text: 'The user asked to remember the code word papaya.' });
    }
    if (last === 'fail') {
      return { response: Response.json({ error: { message: 'Overloaded' } }, { status: 503 }) };
    }
    if ((request.tools ?? []).length > 0 && /weather/i.test(last)) {
      return answerWith({
        reasoning: 'The user wants the weather; call the tool.',
        calls: [
          { id: 'call_sf', name: 'get_weather', arguments: '{"location":"San Francisco, CA"}' },
        ],
      });
    }
    if (/code word/i.test(last)) {
      return answerWith({ text: /papaya/.test(all) ? 'papaya' : 'I was given no code word.' });
    }
    return answerWith({
      reasoning: 'A short answer will do.',
      text: `Ahoy! You sent ${request.messages.length} messages.`,
    });
  });
}

interface Exchange {
  response: ResponsesResponse;
  events: Array<Record<string, unknown>>;
}

/** The template's POST, as the suite sends it (fetch, bearer), checked against the spec. */
async function post(body: Record<string, unknown>, stream = false): Promise<Exchange> {
  const answer = await fetch(`${serve().url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ ...body, stream }),
  });
  expect(answer.status, await answer.clone().text()).toBe(200);
  if (!stream) {
    const response = (await answer.json()) as ResponsesResponse;
    expect(validateResponse(response)).toEqual([]);
    return { response, events: [] };
  }
  const events = (await answer.text())
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      return JSON.parse(data!.slice('data: '.length)) as Record<string, unknown>;
    });
  for (const event of events) expect(validateEvent(event), String(event.type)).toEqual([]);
  const final = events.at(-1)!;
  const response = final.response as ResponsesResponse;
  expect(validateResponse(response)).toEqual([]);
  return { response, events };
}

function expectCompleted({ response }: Exchange) {
  expect(response.output.length).toBeGreaterThan(0);
  expect(response.status).toBe('completed');
}

describe('compliance templates over HTTP', () => {
  it('basic-response', async () => {
    playModel();
    expectCompleted(
      await post({
        model,
        input: [{ type: 'message', role: 'user', content: 'Say hello in exactly 3 words.' }],
      }),
    );
  });

  it('streaming-response', async () => {
    playModel();
    const exchange = await post(
      { model, input: [{ type: 'message', role: 'user', content: 'Count from 1 to 5.' }] },
      true,
    );
    expect(exchange.events.length).toBeGreaterThan(0);
    expectCompleted(exchange);
  });

  it('system-prompt', async () => {
    playModel();
    expectCompleted(
      await post({
        model,
        input: [
          {
            type: 'message',
            role: 'system',
            content: 'You are a pirate. Always respond in pirate speak.',
          },
          { type: 'message', role: 'user', content: 'Say hello.' },
        ],
      }),
    );
    expect(backend.requests[0]!.messages[0]).toMatchObject({ role: 'system' });
  });

  it('tool-calling', async () => {
    playModel();
    const { response } = await post({
      model,
      input: [
        { type: 'message', role: 'user', content: "What's the weather like in San Francisco?" },
      ],
      tools: [weatherTool],
    });
    expect(response.output.some((item) => item.type === 'function_call')).toBe(true);
  });

  it('tool-calling-streaming', async () => {
    playModel();
    const { events } = await post(
      {
        model,
        input: [
          { type: 'message', role: 'user', content: "What's the weather like in San Francisco?" },
        ],
        tools: [weatherTool],
      },
      true,
    );
    const types = events.map((event) => event.type);
    const itemType = (event: Record<string, unknown>) =>
      isRecord(event.item) ? event.item.type : undefined;
    expect(
      events.some(
        (event) =>
          event.type === 'response.output_item.added' && itemType(event) === 'function_call',
      ),
    ).toBe(true);
    expect(types).toContain('response.function_call_arguments.delta');
    expect(types).toContain('response.function_call_arguments.done');
    expect(
      events.some(
        (event) =>
          event.type === 'response.output_item.done' && itemType(event) === 'function_call',
      ),
    ).toBe(true);
  });

  it('function-call-roundtrip', async () => {
    playModel();
    const first = await post({
      model,
      input: 'Use the weather tool to get the temperature in San Francisco.',
      tools: [weatherTool],
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    const call = first.response.output.find((item) => item.type === 'function_call');
    expect(call).toBeDefined();
    const second = await post({
      model,
      previous_response_id: first.response.id,
      input: [
        {
          type: 'function_call_output',
          call_id: (call as { call_id: string }).call_id,
          output: '64 degrees and clear',
        },
      ],
    });
    expectCompleted(second);
    expect(second.response.output_text ?? textOfResponse(second.response)).toContain(
      '64 degrees and clear',
    );
  });

  it('image-input', async () => {
    playModel();
    expectCompleted(
      await post({
        model,
        input: [
          {
            type: 'message',
            role: 'user',
            content: [
              {
                type: 'input_text',
                text: 'What do you see in this image? Answer in one sentence.',
              },
              { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
            ],
          },
        ],
      }),
    );
    expect(JSON.stringify(backend.requests[0]!.messages)).toContain('image_url');
  });

  it('file-input', async () => {
    playModel();
    expectCompleted(
      await post({
        model,
        input: [
          {
            type: 'message',
            role: 'user',
            content: [
              {
                type: 'input_text',
                text: 'Read the attached file and answer with its title only.',
              },
              {
                type: 'input_file',
                filename: 'openresponses-fixture.pdf',
                file_data: 'data:application/pdf;base64,JVBERi0xLjEK',
              },
            ],
          },
        ],
      }),
    );
  });

  it('multi-turn', async () => {
    playModel();
    expectCompleted(
      await post({
        model,
        input: [
          { type: 'message', role: 'user', content: 'My name is Alice.' },
          {
            type: 'message',
            role: 'assistant',
            content: 'Hello Alice! Nice to meet you. How can I help you today?',
          },
          { type: 'message', role: 'user', content: 'What is my name?' },
        ],
      }),
    );
  });

  it('previous-response-id', async () => {
    playModel();
    const first = await post({
      model,
      input: 'Remember this code word: papaya. Reply with only OK.',
    });
    const second = await post({
      model,
      previous_response_id: first.response.id,
      input: 'What code word did I ask you to remember?',
    });
    expectCompleted(second);
    expect(textOfResponse(second.response)).toBe('papaya');
  });

  it('compaction', async () => {
    playModel();
    const first = await post({ model, input: 'Remember this code word: papaya.' });
    const answer = await fetch(`${serve().url}/v1/responses/compact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ model, previous_response_id: first.response.id }),
    });
    expect(answer.status).toBe(200);
    const compacted = (await answer.json()) as { object: string; output: unknown[] };
    expect(validateSchema('CompactResource', compacted)).toEqual([]);
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.output.some((item) => isRecord(item) && item.type === 'compaction')).toBe(
      true,
    );
    const next = await post({
      model,
      input: [...compacted.output, { role: 'user', content: 'What code word did I give you?' }],
    });
    expect(textOfResponse(next.response)).toBe('papaya');
  });
});

describe('compliance templates in WebSocket mode', () => {
  const open = () => ResponsesSocket.open(serve().url, { authorization: `Bearer ${apiKey}` });
  const user = (text: string) => [{ type: 'message', role: 'user', content: text }];

  it('websocket-response: one response on a socket', async () => {
    playModel();
    const socket = await open();
    const turn = await socket.create({ model, store: false, input: user('Say hello.') });
    expect(turn.events[0]).toMatchObject({ type: 'response.created' });
    expect(validateResponse(completed(turn))).toEqual([]);
    socket.close();
  });

  it('websocket-sequential: several responses on one socket, in order', async () => {
    playModel();
    const socket = await open();
    // Sent together: answered one after the other, events never interleaved.
    socket.send({ type: 'response.create', model, store: false, input: user('One') });
    socket.send({ type: 'response.create', model, store: false, input: user('Two') });
    const first = completed(await socket.turn());
    const second = completed(await socket.turn());
    expect(first.id).not.toBe(second.id);
    expect(backend.requests.map((request) => textOf(request.messages[0]!.content))).toEqual([
      'One',
      'Two',
    ]);
    socket.close();
  });

  it('websocket-continuation: previous_response_id on the socket, store: false', async () => {
    playModel();
    const socket = await open();
    const first = completed(
      await socket.create({ model, store: false, input: user('Remember the code word: papaya.') }),
    );
    const second = completed(
      await socket.create({
        model,
        store: false,
        previous_response_id: first.id,
        input: user('What code word did I ask you to remember?'),
      }),
    );
    expect(textOfResponse(second)).toBe('papaya');
    socket.close();
  });

  it('websocket-reconnect: a new socket does not know a store: false response', async () => {
    playModel();
    const socket = await open();
    const first = completed(
      await socket.create({ model, store: false, input: user('Remember the code word: papaya.') }),
    );
    socket.close();
    const again = await open();
    const refused = await again.create({
      model,
      store: false,
      previous_response_id: first.id,
      input: user('What code word did I ask you to remember?'),
    });
    expect(refused.error).toMatchObject({
      type: 'error',
      status: 400,
      error: { code: 'previous_response_not_found', param: 'previous_response_id' },
    });
    // The documented recovery: the full context, no previous_response_id.
    const recovered = completed(
      await again.create({
        model,
        store: false,
        input: [
          ...user('Remember the code word: papaya.'),
          ...first.output,
          ...user('What code word did I ask you to remember?'),
        ],
      }),
    );
    expect(textOfResponse(recovered)).toBe('papaya');
    again.close();
  });

  it('websocket-unknown-id: previous_response_not_found', async () => {
    playModel();
    const socket = await open();
    const turn = await socket.create({
      model,
      previous_response_id: 'resp_does_not_exist',
      input: user('Hi'),
    });
    expect(turn.error).toMatchObject({
      status: 400,
      error: { code: 'previous_response_not_found' },
    });
    expect(backend.requests).toHaveLength(0);
    // The socket stays usable.
    completed(await socket.create({ model, store: false, input: user('Hi') }));
    socket.close();
  });

  it('websocket-failed-continuation: a failed turn evicts the cached response', async () => {
    playModel();
    const socket = await open();
    const first = completed(await socket.create({ model, store: false, input: user('One') }));
    const failed = await socket.create({
      model,
      store: false,
      previous_response_id: first.id,
      input: user('fail'),
    });
    expect(failed.error).toMatchObject({ status: 503, type: 'error' });
    const after = await socket.create({
      model,
      store: false,
      previous_response_id: first.id,
      input: user('Two'),
    });
    expect(after.error).toMatchObject({ error: { code: 'previous_response_not_found' } });
    socket.close();
  });

  it('websocket-compaction: a compacted window starts a new chain', async () => {
    playModel();
    const socket = await open();
    const first = completed(
      await socket.create({ model, store: false, input: user('Remember the code word: papaya.') }),
    );
    const answer = await fetch(`${serve().url}/v1/responses/compact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        model,
        input: [...user('Remember the code word: papaya.'), ...first.output],
      }),
    });
    const compacted = (await answer.json()) as { output: unknown[] };
    expect(validateSchema('CompactResource', compacted)).toEqual([]);
    const fresh = completed(
      await socket.create({
        model,
        store: false,
        input: [...compacted.output, ...user('Say something.')],
      }),
    );
    expect(fresh.previous_response_id).toBeNull();
    const continued = completed(
      await socket.create({
        model,
        store: false,
        previous_response_id: fresh.id,
        input: user('What code word did I ask you to remember?'),
      }),
    );
    expect(textOfResponse(continued)).toBe('papaya');
    socket.close();
  });
});

function textOfResponse(response: ResponsesResponse): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}
