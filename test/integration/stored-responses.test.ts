/**
 * Stored responses through the handler, with the official `openai` client: `store` defaults to
 * true as on the real API; `previous_response_id` replays the whole chain upstream (reasoning in
 * its provider's dialect); `item_reference` finds stored items; `GET`, `DELETE` and
 * `input_items` (paged) answer as the API does; `store: false` keeps nothing; one credential
 * never reads or continues another's; a compaction item comes back as its summary.
 */
import OpenAI from 'openai';
import type { Response as ResponsesResponse } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createResponsesHandler,
  type ResponsesHandlerOptions,
} from '../../src/index';
import { sequentialIds } from '../support/fixtures';
import { handlerClock } from '../support/handler-harness';
import { type LoopbackServer, startServer } from '../support/loopback';
import { validateResponse, validateSchema } from '../support/open-responses-schema';
import { rejectionOf } from '../support/rejections';
import { answerWith, lastToolResult, useScriptedBackend } from '../support/scripted-backend';

const backend = useScriptedBackend();
const bridges: LoopbackServer[] = [];
afterEach(async () => {
  await Promise.all(bridges.splice(0).map((bridge) => bridge.close()));
});

async function bridge(options: ResponsesHandlerOptions = {}) {
  const server = await startServer(
    createResponsesHandler({
      baseURL: backend.baseURL,
      generateId: sequentialIds(),
      currentDate: handlerClock,
      ...options,
    }),
  );
  bridges.push(server);
  const clientFor = (apiKey: string) =>
    new OpenAI({ baseURL: `${server.url}/v1`, apiKey, maxRetries: 0 });
  return { url: server.url, client: clientFor('sk-alice'), clientFor };
}

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

/** Answers with its reasoning and the number of messages it was sent. */
function countingModel() {
  backend.play((request) =>
    answerWith({ reasoning: 'Counting.', text: `You sent ${request.messages.length} messages.` }),
  );
}

function expectValid(response: ResponsesResponse) {
  expect(validateResponse(response)).toEqual([]);
}

describe('store: true, the default', () => {
  it('keeps a response, which GET returns as it was answered', async () => {
    countingModel();
    const { client } = await bridge();
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    expect(created).toMatchObject({ store: true, previous_response_id: null });
    const read = await client.responses.retrieve(created.id);
    expectValid(read);
    expect(read).toEqual(created);
  });

  it('continues a chain with previous_response_id, the whole chain replayed upstream', async () => {
    countingModel();
    const { client } = await bridge();
    const first = await client.responses.create({
      model: 'm',
      instructions: 'Be brief.',
      input: 'One',
    });
    const second = await client.responses.create({
      model: 'm',
      input: 'Two',
      previous_response_id: first.id,
    });
    const third = await client.responses.create({
      model: 'm',
      input: [{ role: 'user', content: 'Three' }],
      previous_response_id: second.id,
      stream: true,
    });
    for await (const _event of third);
    expect(backend.requests[1]!.messages).toEqual([
      { role: 'user', content: 'One' },
      // The reasoning goes back in DeepSeek's field, as it came.
      { role: 'assistant', content: 'You sent 2 messages.', reasoning_content: 'Counting.' },
      { role: 'user', content: 'Two' },
    ]);
    // Instructions are not carried over, as on the real API.
    expect(backend.requests[2]!.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
    ]);
    expect(second.previous_response_id).toBe(first.id);
  });

  it('stores a streamed response before its response.completed reaches the client', async () => {
    countingModel();
    const { client } = await bridge();
    const stream = await client.responses.create({ model: 'm', input: 'Hi', stream: true });
    for await (const event of stream) {
      if (event.type !== 'response.completed') continue;
      // Continuing at once, from inside the stream, finds it.
      const next = await client.responses.create({
        model: 'm',
        input: 'Again',
        previous_response_id: event.response.id,
      });
      expect(next.status).toBe('completed');
    }
  });

  it('runs the function-call round trip over previous_response_id', async () => {
    backend.play((request) => {
      const result = lastToolResult(request);
      return result !== undefined
        ? answerWith({ text: `It is ${result}.` })
        : answerWith({ calls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }] });
    });
    const { client } = await bridge();
    const first = await client.responses.create({ model: 'm', input: 'Paris?', tools: [weather] });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ call_id: 'call_1', name: 'weather' });
    const second = await client.responses.create({
      model: 'm',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: 'call_1', output: 'sunny' }],
      tools: [weather],
    });
    expect(second.output_text).toBe('It is sunny.');
    expect(backend.requests[1]!.messages.at(-2)).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_1', function: { name: 'weather', arguments: '{"city":"Paris"}' } }],
    });
  });

  it('resolves item_reference input items to the stored items', async () => {
    countingModel();
    const { client } = await bridge();
    const first = await client.responses.create({ model: 'm', input: 'One' });
    await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'One' },
        ...first.output.map((item) => ({ type: 'item_reference' as const, id: item.id! })),
        { role: 'user', content: 'Two' },
      ],
    });
    expect(backend.requests[1]!.messages).toEqual([
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'You sent 1 messages.', reasoning_content: 'Counting.' },
      { role: 'user', content: 'Two' },
    ]);
  });

  it('lists input items, the chain included, in pages as the API does', async () => {
    countingModel();
    const { client } = await bridge();
    const first = await client.responses.create({ model: 'm', input: 'One' });
    const second = await client.responses.create({
      model: 'm',
      input: [
        { role: 'user', content: 'Two' },
        { role: 'user', content: 'Three' },
      ],
      previous_response_id: first.id,
    });
    const all = await client.responses.inputItems.list(second.id, { order: 'asc' });
    const texts = all.data.map((item) =>
      item.type === 'message' ? (item.content[0] as { text: string }).text : item.type,
    );
    expect(texts).toEqual(['One', 'reasoning', 'You sent 1 messages.', 'Two', 'Three']);
    for (const item of all.data) expect(item.id).toMatch(/^(msg|rs)_/);
    // Descending by default; pages follow the `after` cursor.
    const pages: string[][] = [];
    for await (const page of (
      await client.responses.inputItems.list(second.id, { limit: 2 })
    ).iterPages()) {
      pages.push(page.data.map((item) => item.id!));
    }
    expect(pages.flat()).toEqual(all.data.map((item) => item.id).reverse());
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
  });

  it('deletes a response: then it is a 404 to every route', async () => {
    countingModel();
    const { client } = await bridge();
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    await client.responses.delete(created.id);
    for (const attempt of [
      client.responses.retrieve(created.id),
      client.responses.delete(created.id),
      client.responses.inputItems.list(created.id),
    ]) {
      const error = await rejectionOf(attempt, OpenAI.NotFoundError);
      expect(error.error).toMatchObject({ message: `Response with id '${created.id}' not found.` });
    }
    const continued = await rejectionOf(
      client.responses.create({ model: 'm', input: 'x', previous_response_id: created.id }),
      OpenAI.NotFoundError,
    );
    expect(continued.error).toMatchObject({ code: 'previous_response_not_found' });
  });

  it('seals reasoning in GET and input_items only for clients that include it', async () => {
    countingModel();
    const { client } = await bridge();
    const created = await client.responses.create({ model: 'm', input: 'Hi' });
    const plain = await client.responses.retrieve(created.id);
    expect(plain.output[0]).not.toHaveProperty('encrypted_content');
    const sealed = await client.responses.retrieve(created.id, {
      include: ['reasoning.encrypted_content'],
    });
    expect(sealed.output[0]).toMatchObject({ encrypted_content: expect.stringMatching(/^rbe1\./) });
  });
});

describe('store: false', () => {
  it('keeps nothing: GET and continuation are 404s', async () => {
    countingModel();
    const store = createMemoryStore();
    const { client } = await bridge({ store });
    const created = await client.responses.create({ model: 'm', input: 'Hi', store: false });
    expect(created).toMatchObject({ store: false });
    expect(await store.get(created.id)).toBeUndefined();
    await rejectionOf(client.responses.retrieve(created.id), OpenAI.NotFoundError);
  });
});

describe('isolation', () => {
  it('a second credential can neither read, list, continue nor delete the first one’s', async () => {
    countingModel();
    const { clientFor } = await bridge();
    const alice = clientFor('sk-alice');
    const bob = clientFor('sk-bob');
    const created = await alice.responses.create({ model: 'm', input: 'Secret' });
    const attempts = [
      bob.responses.retrieve(created.id),
      bob.responses.inputItems.list(created.id),
      bob.responses.delete(created.id),
      bob.responses.create({ model: 'm', input: 'x', previous_response_id: created.id }),
      bob.responses.create({
        model: 'm',
        input: [{ type: 'item_reference', id: created.output[1]!.id! }],
      }),
    ];
    for (const attempt of attempts) await rejectionOf(attempt, OpenAI.NotFoundError);
    // Still there for its owner.
    expect((await alice.responses.retrieve(created.id)).id).toBe(created.id);
  });

  it('stores the hash of the credential, never the credential', async () => {
    countingModel();
    const store = createMemoryStore();
    const { clientFor } = await bridge({ store });
    const created = await clientFor('sk-very-secret-key').responses.create({
      model: 'm',
      input: 'x',
    });
    const record = await store.get(created.id);
    expect(record!.owner).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(record)).not.toContain('sk-very-secret-key');
  });
});

describe('POST /v1/responses/compact', () => {
  it('has the upstream model summarize, and the summary comes back for the compaction item', async () => {
    backend.play((request) => {
      const last = request.messages.at(-1);
      const text = typeof last?.content === 'string' ? last.content : '';
      return text.startsWith('Write a summary')
        ? answerWith({ text: 'The user is Alice; she asked for the weather in Paris.' })
        : answerWith({ text: `Seen ${request.messages.length}.` });
    });
    const { url, client } = await bridge();
    const first = await client.responses.create({ model: 'm', input: 'I am Alice.' });
    const response = await fetch(`${url}/v1/responses/compact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-alice' },
      body: JSON.stringify({
        model: 'm',
        previous_response_id: first.id,
        input: [{ role: 'user', content: 'Weather in Paris?' }],
      }),
    });
    expect(response.status).toBe(200);
    const compacted = (await response.json()) as { output: Array<Record<string, unknown>> };
    expect(validateSchema('CompactResource', compacted)).toEqual([]);
    expect(compacted.output.map((item) => item.type)).toEqual(['message', 'message', 'compaction']);
    // The summary is sealed: the client cannot read or change it.
    expect(JSON.stringify(compacted)).not.toContain('Alice; she asked');
    const next = await client.responses.create({
      model: 'm',
      input: [...(compacted.output as never[]), { role: 'user', content: 'And tomorrow?' }],
    });
    expect(next.status).toBe('completed');
    expect(backend.requests.at(-1)!.messages).toEqual([
      { role: 'user', content: 'I am Alice.' },
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'user',
        content: expect.stringContaining('The user is Alice; she asked for the weather in Paris.'),
      },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  it('refuses a compaction item it did not seal', async () => {
    countingModel();
    const { client } = await bridge();
    const error = await rejectionOf(
      client.responses.create({
        model: 'm',
        input: [{ type: 'compaction', encrypted_content: 'gAAAA-forged' } as never],
      }),
      OpenAI.BadRequestError,
    );
    expect(error.error).toMatchObject({ code: 'invalid_encrypted_content' });
    expect(backend.requests).toHaveLength(0);
  });
});
