/**
 * WebSocket mode of `serve`, beyond the compliance templates: the official `openai` client's
 * `ResponsesWS` drives it; the warm-up (`generate: false`); the HTTP path's rules at the upgrade
 * (Host, Origin, the path); the client's bearer forwarded upstream and owning what it stores;
 * malformed messages answered with the spec's error event on a socket that stays open.
 */
import OpenAI from 'openai';
import type { ResponsesServerEvent } from 'openai/resources/responses/responses';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { completed, ResponsesSocket } from '../support/responses-socket';
import { answerWith, useScriptedBackend } from '../support/scripted-backend';
import { useServeForFile } from '../support/serve-process';

const backend = useScriptedBackend();
const serve = useServeForFile(() => ['--upstream', backend.baseURL]);
const user = (text: string) => [{ type: 'message', role: 'user', content: text }];

function countingModel() {
  backend.play((request) => answerWith({ text: `You sent ${request.messages.length} messages.` }));
}

describe('the official openai client (ResponsesWS)', () => {
  it('creates and continues responses on one socket', async () => {
    countingModel();
    const client = new OpenAI({ baseURL: `${serve().url}/v1`, apiKey: 'sk-ws', maxRetries: 0 });
    const socket = new ResponsesWS(client);
    const done: Array<Extract<ResponsesServerEvent, { type: 'response.completed' }>> = [];
    const finished = new Promise<void>((resolve, reject) => {
      socket.on('response.completed', (event) => {
        done.push(event);
        if (done.length === 1) {
          socket.send({
            type: 'response.create',
            model: 'm',
            store: false,
            previous_response_id: event.response.id,
            input: 'Two',
          });
        } else {
          resolve();
        }
      });
      socket.on('error', reject);
    });
    socket.send({ type: 'response.create', model: 'm', store: false, input: 'One' });
    await finished;
    socket.close();
    expect(done.map((event) => event.response.output_text)).toEqual([
      'You sent 1 messages.',
      'You sent 3 messages.',
    ]);
    // The socket's bearer went upstream with every turn.
    expect(backend.authorizations).toEqual(['Bearer sk-ws', 'Bearer sk-ws']);
  });
});

describe('warm-up', () => {
  it('answers generate: false with a response of no output that a turn chains from', async () => {
    countingModel();
    const socket = await ResponsesSocket.open(serve().url, { authorization: 'Bearer sk-ws' });
    const warm = completed(
      await socket.create({
        model: 'm',
        store: false,
        generate: false,
        instructions: 'Be brief.',
        input: user('Context the next turn needs.'),
      }),
    );
    expect(warm.output).toEqual([]);
    expect(backend.requests).toHaveLength(0);
    const turn = completed(
      await socket.create({
        model: 'm',
        store: false,
        previous_response_id: warm.id,
        input: user('Now answer.'),
      }),
    );
    expect(turn.previous_response_id).toBe(warm.id);
    expect(backend.requests[0]!.messages).toEqual([
      { role: 'user', content: 'Context the next turn needs.' },
      { role: 'user', content: 'Now answer.' },
    ]);
    socket.close();
  });
});

describe('the upgrade follows the HTTP rules', () => {
  const refusal = (headers: Record<string, string>, path = '/v1/responses') =>
    new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${serve().url.replace('http', 'ws')}${path}`, { headers });
      ws.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        ws.terminate();
      });
      ws.once('open', () => reject(new Error('the upgrade was accepted')));
      ws.once('error', () => {});
    });

  it('refuses a foreign Origin, a foreign Host and another path', async () => {
    expect(await refusal({ origin: 'https://evil.example' })).toBe(403);
    expect(await refusal({ host: 'attacker.example:80' })).toBe(403);
    expect(await refusal({}, '/v1/other')).toBe(404);
  });
});

describe('ownership on the socket', () => {
  it('a stored response continues on another socket with the same bearer only', async () => {
    countingModel();
    const alice = await ResponsesSocket.open(serve().url, { authorization: 'Bearer sk-alice' });
    const stored = completed(await alice.create({ model: 'm', input: user('One') }));
    alice.close();
    const again = await ResponsesSocket.open(serve().url, { authorization: 'Bearer sk-alice' });
    completed(
      await again.create({ model: 'm', previous_response_id: stored.id, input: user('Two') }),
    );
    again.close();
    const bob = await ResponsesSocket.open(serve().url, { authorization: 'Bearer sk-bob' });
    const refused = await bob.create({
      model: 'm',
      previous_response_id: stored.id,
      input: user('Two'),
    });
    expect(refused.error).toMatchObject({ error: { code: 'previous_response_not_found' } });
    bob.close();
    expect(backend.requests.map((request) => request.messages.length)).toEqual([1, 3]);
  });
});

describe('malformed messages', () => {
  it('answers each with the error event, and the socket stays usable', async () => {
    countingModel();
    const socket = await ResponsesSocket.open(serve().url, { authorization: 'Bearer sk-ws' });
    socket.send({ type: 'response.cancel' });
    expect((await socket.turn()).error).toMatchObject({
      status: 400,
      error: { code: 'unknown_event_type' },
    });
    socket.send({ type: 'response.create', model: 'm', input: 'x', stream: false });
    expect((await socket.turn()).error).toMatchObject({
      status: 400,
      error: { code: 'unsupported_parameter', param: 'stream' },
    });
    // What Codex sends: the values WebSocket mode means anyway are taken.
    const codexLike = { stream: true, stream_options: {}, background: false };
    completed(await socket.create({ model: 'm', store: false, input: user('x'), ...codexLike }));
    socket.send({ type: 'response.create', model: 'm', input: 'x', background: true });
    expect((await socket.turn()).error).toMatchObject({ error: { param: 'background' } });
    socket.send({ type: 'response.create', input: 'x' });
    expect((await socket.turn()).error).toMatchObject({ status: 400 });
    completed(await socket.create({ model: 'm', store: false, input: user('Still here.') }));
    socket.close();
  });
});
