/**
 * The API key never leaves the Authorization header (README "Errors": "The API key is never in
 * an error, a warning, an event or metadata, even when the upstream echoes it"). Failing calls of
 * every kind (an upstream that echoes the key in a 401 body or header, a 500 HTML page, an error
 * payload in the stream before or after output, a refused connection, invalid providerOptions,
 * an abort) go through `streamText`, `generateText` and `doStream` with `includeRawChunks: true`,
 * and everything they produce is searched for the key (test/support/leak-scan.ts): thrown errors and
 * their causes, data, bodies, headers and stacks; every stream part; the results' response,
 * request, steps, warnings and providerMetadata; the provider's `onEvent` / `onResponse`; and
 * everything written to the console or emitted as a process warning.
 */
import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import { streamText as aiStreamText, generateText } from 'ai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResponsesBridge, createResponsesHandler } from '../../src/index';
import { chunk, completion } from '../support/builders';
import {
  type FaultHandler,
  sseHeaders,
  sseLine,
  sseText,
  useFaultServer,
  write,
} from '../support/fault-server';
import { findSecret } from '../support/leak-scan';
import { watchEscapes } from '../support/rejections';
import { readStream } from '../support/stream-parts';

const apiKey = 'sk-SECRET-proj-7f3a9c2e51d04b68aa19';
const deadline = 30_000;

const server = useFaultServer();
const captured: Array<{ where: string; value: unknown }> = [];
const capture = (where: string, value: unknown) => {
  captured.push({ where, value });
};
const onWarning = (warning: Error) => capture('process.warning', warning);

beforeAll(() => {
  process.on('warning', onWarning);
});
afterAll(() => {
  process.off('warning', onWarning);
});
watchEscapes(({ kind, value }) => capture(kind, value));

beforeEach(() => {
  captured.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      capture(`console.${method}`, args);
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];

interface Scenario {
  /** The upstream's behaviour, served for every request of the scenario. */
  handler?: FaultHandler;
  /** A provider whose requests are refused (nothing listens on port 9). */
  refused?: boolean;
  providerOptions?: SharedV4ProviderOptions;
  /** Abort as soon as the first text arrives. */
  abortOnText?: boolean;
  /** AI SDK retries (the upstream asks for 1 ms between them). */
  maxRetries?: number;
}

/** The credential the request carried, whichever header it came in. */
function echo(req: { headers: Record<string, string | string[] | undefined> }): string {
  const value = req.headers.authorization ?? req.headers['x-api-key'];
  return typeof value === 'string' ? value : '(no credential header)';
}

const scenarios: Record<string, Scenario> = {
  '401 echoing the Authorization header in the body': {
    handler: (req, res) => {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `Incorrect API key provided: ${echo(req)}` } }));
    },
  },
  '401 echoing the Authorization header in a response header': {
    handler: (req, res) => {
      res
        .writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': `Bearer error="invalid_token", token="${echo(req)}"`,
          'x-echo-authorization': echo(req),
        })
        .end(JSON.stringify({ error: { message: 'Incorrect API key provided' } }));
    },
  },
  '500 HTML echoing it, retried once': {
    maxRetries: 1,
    handler: (req, res) => {
      res
        .writeHead(500, { 'content-type': 'text/html', 'retry-after-ms': '1' })
        .end(`<html><body><pre>Authorization: ${echo(req)}</pre></body></html>`);
    },
  },
  'an in-stream error quoting it, before any output': {
    handler: (req, res, context) => {
      const message = `Invalid credentials: ${echo(req)}`;
      if (context.body.stream === true) {
        res.writeHead(200, sseHeaders).end(sseText([{ error: { message, code: 'invalid_key' } }]));
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message, code: 'invalid_key' } }));
      }
    },
  },
  'an in-stream error quoting it, after some output': {
    handler: (req, res, context) => {
      const message = `Key ${echo(req)} ran out of quota`;
      if (context.body.stream === true) {
        res
          .writeHead(200, sseHeaders)
          .end(
            sseText([
              chunk({ delta: { role: 'assistant', content: 'Partial' } }),
              chunk({ error: { message, code: 'quota' } }),
            ]),
          );
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(
            JSON.stringify(
              completion({ message: { content: 'Part' }, error: { message, code: 'quota' } }),
            ),
          );
      }
    },
  },
  'a refused connection': { refused: true },
  'invalid providerOptions': {
    providerOptions: { responsesBridge: { reasoningEffort: 5, notAnOption: true } },
  },
  'an abort mid-stream': {
    abortOnText: true,
    handler: async (_req, res, context) => {
      res.writeHead(200, sseHeaders);
      await write(res, sseLine(chunk({ delta: { role: 'assistant', content: 'Hello' } })));
      await context.sleep(3_000);
      res.end();
    },
  },
  'a 200 stream whose response headers echo it': {
    handler: (req, res, context) => {
      const headers = { 'x-echo-authorization': echo(req) };
      if (context.body.stream === true) {
        res
          .writeHead(200, { ...sseHeaders, ...headers })
          .end(sseText([chunk({ delta: { role: 'assistant', content: 'Fine' } })]));
      } else {
        res
          .writeHead(200, { 'content-type': 'application/json', ...headers })
          .end(JSON.stringify(completion({ message: { content: 'Fine' } })));
      }
    },
  },
};

/** How the key is given: every way is a credential that must never be reported. */
const credentials = {
  apiKey: {
    settings: { apiKey },
    callHeaders: undefined,
    sent: { authorization: `Bearer ${apiKey}` },
  },
  'settings.headers x-api-key': {
    settings: { headers: { 'x-api-key': apiKey } },
    callHeaders: undefined,
    sent: { 'x-api-key': apiKey },
  },
  'per-call headers.Authorization': {
    settings: {},
    callHeaders: { Authorization: `Bearer ${apiKey}` },
    sent: { authorization: `Bearer ${apiKey}` },
  },
} satisfies Record<
  string,
  {
    settings: { apiKey?: string; headers?: Record<string, string> };
    callHeaders: Record<string, string> | undefined;
    sent: Record<string, string>;
  }
>;
type Credential = keyof typeof credentials;

function providerFor(scenario: Scenario, credential: Credential) {
  return createResponsesBridge({
    baseURL: scenario.refused ? 'http://127.0.0.1:9/v1' : server.baseURL,
    ...credentials[credential].settings,
    onEvent: (event) => capture('onEvent', event),
    onResponse: (response) => capture('onResponse', response),
  })('secret-model');
}

function prepare(scenario: Scenario) {
  server.fallback(scenario.handler);
  const controller = new AbortController();
  // Only a hang reaches this.
  const timeout = AbortSignal.timeout(15_000);
  return { controller, abortSignal: AbortSignal.any([controller.signal, timeout]) };
}

type Api = 'streamText' | 'generateText' | 'doStream';

async function runScenario(
  scenario: Scenario,
  api: Api,
  credential: Credential = 'apiKey',
): Promise<void> {
  const { controller, abortSignal } = prepare(scenario);
  const model = providerFor(scenario, credential);
  const { callHeaders } = credentials[credential];
  const headers = callHeaders !== undefined ? { headers: callHeaders } : {};
  const common = {
    model,
    prompt: 'Hi',
    maxRetries: scenario.maxRetries ?? 0,
    abortSignal,
    ...headers,
    ...(scenario.providerOptions !== undefined
      ? { providerOptions: scenario.providerOptions }
      : {}),
  };

  if (api === 'streamText') {
    // No onError: the AI SDK's default one logs the error to the console, which is captured.
    const result = aiStreamText({ ...common, includeRawChunks: true });
    for await (const part of result.fullStream) {
      capture(`fullStream.${part.type}`, part);
      if (scenario.abortOnText && part.type === 'text-delta') controller.abort();
    }
    const promises: Record<string, PromiseLike<unknown>> = {
      text: result.text,
      content: result.content,
      finishReason: result.finishReason,
      usage: result.usage,
      totalUsage: result.totalUsage,
      warnings: result.warnings,
      providerMetadata: result.providerMetadata,
      request: result.request,
      response: result.response,
      steps: result.steps,
    };
    for (const [name, promise] of Object.entries(promises)) {
      try {
        capture(`result.${name}`, await promise);
      } catch (error) {
        capture(`result.${name}.rejected`, error);
      }
    }
    return;
  }

  if (api === 'generateText') {
    try {
      // Once the request is in (so that it went out with the key), not after a fixed delay.
      if (scenario.abortOnText) void requestArrived(abortSignal).then(() => controller.abort());
      const result = await generateText(common);
      capture('generateText.result', {
        text: result.text,
        content: result.content,
        finishReason: result.finishReason,
        warnings: result.warnings,
        providerMetadata: result.providerMetadata,
        request: result.request,
        response: result.response,
        steps: result.steps,
      });
    } catch (error) {
      capture('generateText.thrown', error);
    }
    return;
  }

  try {
    const result = await model.doStream({
      prompt,
      includeRawChunks: true,
      abortSignal,
      ...headers,
      ...(scenario.providerOptions !== undefined
        ? { providerOptions: scenario.providerOptions }
        : {}),
    });
    capture('doStream.request', result.request);
    capture('doStream.response', result.response);
    const reader = result.stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      capture(`doStream.${value.type}`, value);
      if (scenario.abortOnText && value.type === 'text-delta') controller.abort();
    }
  } catch (error) {
    capture('doStream.thrown', error);
  }
}

async function requestArrived(signal: AbortSignal): Promise<void> {
  while (server.requests.length === 0 && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function leaks(): string[] {
  return captured.flatMap(({ where, value }) => findSecret(value, apiKey, where));
}

for (const credential of Object.keys(credentials) as Credential[]) {
  describe(`the key given as ${credential} appears nowhere`, () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      describe(name, () => {
        for (const api of ['streamText', 'generateText', 'doStream'] as const) {
          it(
            api,
            async () => {
              await runScenario(scenario, api, credential);
              // The scenario did fail (or stream) as intended, and the key did go out upstream.
              expect(captured.length).toBeGreaterThan(0);
              if (!scenario.refused && scenario.providerOptions === undefined) {
                expect(server.requests[0]?.headers).toMatchObject(credentials[credential].sent);
              }
              const found = leaks();
              expect(found).toEqual([]);
            },
            deadline,
          );
        }
      });
    }
  });
}

describe('a key given only as an Authorization header', () => {
  const completed: FaultHandler = (_req, res, context) => {
    if (context.body.stream === true) {
      res.writeHead(200, sseHeaders).end(sseText([chunk({ delta: { content: 'Fine' } })]));
    } else {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completion({ message: { content: 'Fine' } })));
    }
  };

  it('is sent by the provider, streamed or not', async () => {
    server.fallback(completed);
    const model = createResponsesBridge({
      baseURL: server.baseURL,
      headers: { Authorization: `Bearer ${apiKey}` },
    })('m');
    await model.doGenerate({ prompt });
    await readStream((await model.doStream({ prompt })).stream);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${apiKey}`,
      `Bearer ${apiKey}`,
    ]);
  });

  it('is sent by the handler, which forwards no client bearer then', async () => {
    server.fallback(completed);
    const handler = createResponsesHandler({
      baseURL: server.baseURL,
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    for (const stream of [false, true]) {
      const response = await handler(
        new Request('http://127.0.0.1/v1/responses', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', input: 'Hi', stream }),
        }),
      );
      expect(response.status).toBe(200);
      capture('handler.body', await response.text());
    }
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${apiKey}`,
      `Bearer ${apiKey}`,
    ]);
    expect(leaks()).toEqual([]);
  });
});

describe('what the scenarios produce', () => {
  it(
    'each failing scenario does fail, with the error the search then covers',
    async () => {
      for (const [name, scenario] of Object.entries(scenarios)) {
        if (name.startsWith('a 200 stream') || name === 'an abort mid-stream') continue;
        captured.length = 0;
        server.reset();
        await runScenario(scenario, 'doStream');
        const failure = captured.find(
          ({ where }) => where === 'doStream.thrown' || where === 'doStream.error',
        );
        expect(failure, name).toBeDefined();
      }
    },
    deadline,
  );

  it('the search finds the key wherever it hides', () => {
    const error = new Error('outer', { cause: new Error(`inner ${apiKey}`) });
    expect(findSecret(error, apiKey)).toEqual(['$.cause.message', '$.cause.stack']);
    const hidden = {};
    Object.defineProperty(hidden, 'secret', { value: apiKey, enumerable: false });
    expect(findSecret(hidden, apiKey)).toEqual(['$.secret']);
    expect(findSecret(new Headers({ 'x-key': apiKey }), apiKey)).toEqual(['$.get(x-key)']);
    class WithGetter {
      get token() {
        return `Bearer ${apiKey}`;
      }
    }
    expect(findSecret(new WithGetter(), apiKey)).toEqual(['$.token']);
    expect(findSecret({ bytes: new TextEncoder().encode(apiKey) }, apiKey)).toEqual([
      '$.bytes<bytes>',
    ]);
    expect(findSecret({ fine: 'sk-SECRET-[redacted]' }, apiKey)).toEqual([]);
  });
});
