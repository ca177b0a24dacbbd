/**
 * The errors a newcomer meets first (issue 17), through ai 7: a server that is not running, and
 * a base URL without `/v1` or with `/chat/completions` on it, which a web server answers with a
 * 404 page. Each message says what happened and what to do, and holds no secret.
 */
import { embed, generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge } from '../../src/index';
import { useChatServer } from '../support/chat-server';
import { type LoopbackServer, startServer } from '../support/loopback';
import { rejection } from '../support/rejections';
import { asAPICallError } from '../support/stream-parts';

const apiKey = 'sk-first-errors-SECRET-0123456789';
const server = useChatServer();

/** A port nothing listens on: a server's, once it is closed. */
async function closedPort(): Promise<number> {
  const closed = await startServer(() => new Response('unused'));
  await closed.close();
  return Number(new URL(closed.url).port);
}

/** What the AI SDK throws or streams for the call, as the APICallError it must be. */
async function callError(call: () => PromiseLike<unknown>) {
  return asAPICallError(await rejection(call()));
}

async function streamError(model: Parameters<typeof streamText>[0]['model']) {
  let error: unknown;
  const result = streamText({
    model,
    prompt: 'Hi',
    maxRetries: 0,
    onError: (event) => {
      error = event.error;
    },
  });
  await result.consumeStream();
  return asAPICallError(error);
}

describe('a server that is not running', () => {
  it('says it cannot connect, and why, as @ai-sdk/openai-compatible does', async () => {
    const port = await closedPort();
    const bridge = createResponsesBridge({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey });
    const generated = await callError(() =>
      generateText({ model: bridge('m'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(generated.message).toBe(`Cannot connect to API: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(generated.isRetryable).toBe(true);
    expect(generated.url).toBe(`http://127.0.0.1:${port}/v1/chat/completions`);

    const streamed = await streamError(bridge('m'));
    expect(streamed.message).toBe(generated.message);

    const embedded = await callError(() =>
      embed({ model: bridge.embeddingModel('e'), value: 'Hi', maxRetries: 0 }),
    );
    expect(embedded.message).toBe(generated.message);
    expect(embedded.url).toBe(`http://127.0.0.1:${port}/v1/embeddings`);
    for (const error of [generated, streamed, embedded]) {
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(apiKey);
    }
  });

  it('names a host that does not resolve', async () => {
    const bridge = createResponsesBridge({ baseURL: 'http://no-such-host.invalid/v1', apiKey });
    const error = await callError(() =>
      generateText({ model: bridge('m'), prompt: 'Hi', maxRetries: 0 }),
    );
    expect(error.message).toMatch(/^Cannot connect to API: getaddrinfo \w+ no-such-host\.invalid$/);
  });
});

describe('a base URL that is not the API’s', () => {
  let web: LoopbackServer;
  const notFoundPage =
    '<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>';

  // A web server: the API lives under /v1 only, every other path is an HTML 404 page.
  const startWeb = () =>
    startServer(async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname === '/v1/chat/completions') {
        return Response.json(
          { error: { message: 'model "nope" not found, try pulling it first' } },
          { status: 404 },
        );
      }
      return new Response(notFoundPage, { status: 404, headers: { 'content-type': 'text/html' } });
    });

  it('without /v1: names the URL called and the base URL to try', async () => {
    web = await startWeb();
    try {
      const bridge = createResponsesBridge({ baseURL: web.url, apiKey });
      const error = await callError(() =>
        generateText({ model: bridge('m'), prompt: 'Hi', maxRetries: 0 }),
      );
      expect(error.message).toBe(
        `POST ${web.url}/chat/completions answered 404 Not Found (404 Not Found): there is no such endpoint at that URL. Most servers (Ollama, vLLM, LM Studio, LiteLLM, OpenAI) serve the API under /v1: try baseURL '${web.url}/v1'.`,
      );
      expect(error.statusCode).toBe(404);
      expect(error.isRetryable).toBe(false);
      expect(error.responseBody).toBe(notFoundPage);
      expect((await streamError(bridge('m'))).message).toBe(error.message);
    } finally {
      await web.close();
    }
  });

  it('with /chat/completions on it: says to stop before it', async () => {
    web = await startWeb();
    try {
      const bridge = createResponsesBridge({ baseURL: `${web.url}/v1/chat/completions`, apiKey });
      const error = await streamError(bridge('m'));
      expect(error.message).toBe(
        `POST ${web.url}/v1/chat/completions/chat/completions answered 404 Not Found (404 Not Found): there is no such endpoint at that URL. The baseURL must stop before /chat/completions: set it to '${web.url}/v1'.`,
      );
    } finally {
      await web.close();
    }
  });

  it('the API’s own 404 (an unknown model) keeps its message', async () => {
    web = await startWeb();
    try {
      const bridge = createResponsesBridge({ baseURL: `${web.url}/v1`, apiKey });
      const error = await callError(() =>
        generateText({ model: bridge('nope'), prompt: 'Hi', maxRetries: 0 }),
      );
      expect(error.message).toBe('model "nope" not found, try pulling it first');
    } finally {
      await web.close();
    }
  });

  it('a server without /embeddings: says so', async () => {
    // The chat server answers only its two routes; a third path is its JSON 404 with a message,
    // so take a server whose 404 is bare.
    const bare = await startServer(() => new Response('404 page not found', { status: 404 }));
    try {
      const bridge = createResponsesBridge({ baseURL: `${bare.url}/v1`, apiKey });
      const error = await callError(() =>
        embed({ model: bridge.embeddingModel('e'), value: 'Hi', maxRetries: 0 }),
      );
      expect(error.message).toBe(
        `POST ${bare.url}/v1/embeddings answered 404 Not Found (404 page not found): there is no such endpoint at that URL. Check that baseURL is what comes before /embeddings on this server, and that the server serves /embeddings.`,
      );
    } finally {
      await bare.close();
    }
  });

  it('a right base URL still works (the check above is about the URL, not the server)', async () => {
    server.reply({
      completion: {
        id: 'c',
        object: 'chat.completion',
        created: 1,
        model: 'm',
        choices: [
          { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi.' } },
        ],
      },
    });
    const bridge = createResponsesBridge({ baseURL: server.baseURL, apiKey });
    expect((await generateText({ model: bridge('m'), prompt: 'Hi' })).text).toBe('Hi.');
  });
});
