/**
 * The settings a user of @ai-sdk/openai-compatible expects (issue 17), through ai 7 against the
 * loopback chat server: queryParams on every URL, an apiKey resolved per call, transformRequestBody,
 * metadataExtractor, supportedUrls, supportsStructuredOutputs, textVerbosity, convertUsage, the
 * chatModel name, and the strict providerOptions whose error says how to send an unknown key.
 * Each `it` is a row of the README's table against openai-compatible.
 */
import { InvalidArgumentError, type SharedV4ProviderMetadata } from '@ai-sdk/provider';
import { generateText, jsonSchema, Output, streamText } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { createResponsesBridge, type ResponsesBridgeSettings } from '../../src/index';
import { chunk, completion } from '../support/builders';
import { useChatServer } from '../support/chat-server';
import { rejectionOf } from '../support/rejections';

const server = useChatServer();

const answer = [
  chunk({ delta: { role: 'assistant', content: 'Hi.' } }),
  chunk({
    finish_reason: 'stop',
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  }),
];
const answered = () =>
  completion({
    message: { content: 'Hi.' },
    usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
  });

function provider(settings: ResponsesBridgeSettings = {}) {
  return createResponsesBridge({ baseURL: server.baseURL, apiKey: 'sk-settings', ...settings });
}

describe('queryParams', () => {
  const queryParams = { 'api-version': '2024-10-21' };

  it('reach the URL of streamed and generated chat calls and of embeddings', async () => {
    const bridge = provider({ queryParams });
    server.reply({ chunks: answer });
    await streamText({ model: bridge('m'), prompt: 'Hi' }).consumeStream();
    server.reply({ completion: answered() });
    await generateText({ model: bridge('m'), prompt: 'Hi' });
    server.reply({ completion: { data: [{ embedding: [1, 2], index: 0 }] } });
    await bridge.embeddingModel('e').doEmbed({ values: ['a'] });
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v1/chat/completions?api-version=2024-10-21',
      '/v1/chat/completions?api-version=2024-10-21',
      '/v1/embeddings?api-version=2024-10-21',
    ]);
  });

  it('reach the URL with a client of your own too', async () => {
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-own' });
    server.reply({ chunks: answer });
    await streamText({
      model: createResponsesBridge({ client, queryParams })('m'),
      prompt: 'Hi',
    }).consumeStream();
    expect(server.requests[0]?.url).toBe('/v1/chat/completions?api-version=2024-10-21');
  });

  it('are in the error’s url, a credential among them redacted', async () => {
    server.reply({ status: 400, body: '{"error":{"message":"bad"}}' });
    const model = provider({ queryParams: { 'api-version': 'v9', key: 'AIzaSECRET123456' } })('m');
    const error = await rejectionOf(generateText({ model, prompt: 'Hi', maxRetries: 0 }), Error);
    expect(server.requests[0]?.url).toBe(
      '/v1/chat/completions?api-version=v9&key=AIzaSECRET123456',
    );
    expect((error as { url?: string }).url).toBe(
      `${server.baseURL}/chat/completions?api-version=v9&key=[redacted]`,
    );
    expect(JSON.stringify(error)).not.toContain('AIzaSECRET');
  });
});

describe('apiKey as a function or a promise', () => {
  it('a function is called before each request, and its key sent', async () => {
    let calls = 0;
    const bridge = provider({ apiKey: async () => `sk-rotating-${++calls}` });
    server.reply({ chunks: answer }, { completion: answered() });
    await streamText({ model: bridge('m'), prompt: 'Hi' }).consumeStream();
    await generateText({ model: bridge('m'), prompt: 'Hi' });
    server.reply({ completion: { data: [{ embedding: [1], index: 0 }] } });
    await bridge.embeddingModel('e').doEmbed({ values: ['a'] });
    expect(server.requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer sk-rotating-1',
      'Bearer sk-rotating-2',
      'Bearer sk-rotating-3',
    ]);
  });

  it('unset, it is OPENAI_API_KEY only for OPENAI_BASE_URL, never for a baseURL given in code', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-the-env');
    vi.stubEnv('OPENAI_BASE_URL', server.baseURL);
    try {
      server.reply({ chunks: answer }, { chunks: answer }, { chunks: answer });
      const fromEnv = createResponsesBridge()('m');
      const inCode = createResponsesBridge({ baseURL: server.baseURL })('m');
      const empty = createResponsesBridge({ apiKey: '' })('m');
      for (const model of [fromEnv, inCode, empty]) {
        await streamText({ model, prompt: 'Hi' }).consumeStream();
      }
      // openai-compatible never reads OPENAI_API_KEY; the openai client pairs it with its base URL.
      expect(server.requests.map((request) => request.headers.get('authorization'))).toEqual([
        'Bearer sk-from-the-env',
        null,
        null,
      ]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('a promise is awaited', async () => {
    server.reply({ chunks: answer });
    const model = provider({ apiKey: Promise.resolve('sk-from-a-promise') })('m');
    await streamText({ model, prompt: 'Hi' }).consumeStream();
    expect(server.requests[0]?.headers.get('authorization')).toBe('Bearer sk-from-a-promise');
  });

  it('the key it gives never appears in an error', async () => {
    const key = 'sk-resolved-SECRET-0123456789';
    server.reply({ status: 401, body: JSON.stringify({ error: { message: `bad key ${key}` } }) });
    const model = provider({ apiKey: () => key })('m');
    const error = await rejectionOf(generateText({ model, prompt: 'Hi', maxRetries: 0 }), Error);
    expect(error.message).toBe('bad key [redacted]');
    expect(JSON.stringify(error)).not.toContain(key);
  });

  it('an Authorization header in the settings wins over it, and the function is not called', async () => {
    let called = false;
    server.reply({ chunks: answer });
    const model = provider({
      apiKey: () => {
        called = true;
        return 'sk-unused';
      },
      headers: { Authorization: 'Bearer sk-header' },
    })('m');
    await streamText({ model, prompt: 'Hi' }).consumeStream();
    expect(server.requests[0]?.headers.get('authorization')).toBe('Bearer sk-header');
    expect(called).toBe(false);
  });
});

describe('transformRequestBody', () => {
  it('changes the body last, streamed (stream fields included) and not, with its warnings', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const bridge = provider({
      transformRequestBody: (body, warnings) => {
        seen.push(body);
        warnings?.push({ type: 'other', message: 'renamed max_tokens' });
        const { max_tokens, ...rest } = body;
        return { ...rest, max_completion_tokens: max_tokens, top_k: 40 };
      },
    });
    server.reply({ chunks: answer });
    const streamed = streamText({ model: bridge('m'), prompt: 'Hi', maxOutputTokens: 9 });
    await streamed.consumeStream();
    server.reply({ completion: answered() });
    const generated = await generateText({ model: bridge('m'), prompt: 'Hi', maxOutputTokens: 9 });

    expect(seen.map((body) => [body.stream, body.max_tokens])).toEqual([
      [true, 9],
      [undefined, 9],
    ]);
    for (const request of server.requests) {
      expect(request.body).toMatchObject({ max_completion_tokens: 9, top_k: 40 });
      expect(request.body).not.toHaveProperty('max_tokens');
    }
    expect(server.requests[0]?.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(await streamed.warnings).toContainEqual({
      type: 'other',
      message: 'renamed max_tokens',
    });
    expect(generated.warnings).toContainEqual({ type: 'other', message: 'renamed max_tokens' });
  });
});

describe('metadataExtractor', () => {
  /** Reads OpenRouter's `provider` field, as an openai-compatible extractor would. */
  const extractor = {
    extractMetadata: async ({ parsedBody }: { parsedBody: unknown }) => ({
      openrouter: { upstreamProvider: (parsedBody as { provider?: string }).provider ?? null },
    }),
    createStreamExtractor: () => {
      let upstreamProvider: string | null = null;
      let chunks = 0;
      return {
        processChunk(parsedChunk: unknown) {
          chunks++;
          upstreamProvider ??= (parsedChunk as { provider?: string }).provider ?? null;
        },
        buildMetadata: (): SharedV4ProviderMetadata => ({
          openrouter: { upstreamProvider, chunks },
          responsesBridge: { responseId: 'overwritten?', extra: true },
        }),
      };
    },
  };

  it('merges what it reads of the stream into the finish metadata, the Response kept', async () => {
    server.reply({
      chunks: answer.map((each) => ({ ...each, provider: 'Fireworks' })),
    });
    const result = streamText({
      model: provider({ metadataExtractor: extractor })('m'),
      prompt: 'Hi',
    });
    const metadata = await result.providerMetadata;
    expect(metadata?.openrouter).toEqual({ upstreamProvider: 'Fireworks', chunks: 2 });
    expect(metadata?.responsesBridge?.extra).toBe(true);
    expect(metadata?.responsesBridge?.responseId).toMatch(/^resp_/);
    expect(metadata?.responsesBridge?.response).toMatchObject({ status: 'completed' });
  });

  it('reads the whole completion of doGenerate', async () => {
    server.reply({ completion: { ...answered(), provider: 'DeepInfra' } });
    const result = await generateText({
      model: provider({ metadataExtractor: extractor })('m'),
      prompt: 'Hi',
    });
    expect(result.providerMetadata?.openrouter).toEqual({ upstreamProvider: 'DeepInfra' });
    expect(result.providerMetadata?.responsesBridge?.responseId).toMatch(/^resp_/);
  });
});

describe('supportedUrls', () => {
  const image = new URL('https://images.example/cat.png');
  const prompt = [
    {
      role: 'user' as const,
      content: [
        { type: 'text' as const, text: 'What is it?' },
        { type: 'image' as const, image },
      ],
    },
  ];

  it('a URL it matches goes upstream as it is; by default the AI SDK downloads it', async () => {
    const asked: boolean[] = [];
    // The AI SDK's own download, without the network: it passes supported URLs through.
    const download = async (requests: Array<{ url: URL; isUrlSupportedByModel: boolean }>) =>
      requests.map(({ isUrlSupportedByModel }) => {
        asked.push(isUrlSupportedByModel);
        return isUrlSupportedByModel
          ? null
          : { data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' };
      });
    server.reply({ completion: answered() }, { completion: answered() });
    await generateText({ model: provider()('m'), prompt, experimental_download: download });
    await generateText({
      model: provider({ supportedUrls: { 'image/*': [/^https:\/\/images\.example\//] } })('m'),
      prompt,
      experimental_download: download,
    });
    const urls = server.requests.map((request) => {
      const content = request.body.messages[0]?.content as Array<{ image_url?: { url: string } }>;
      return content[1]?.image_url?.url;
    });
    expect(asked).toEqual([false, true]);
    expect(urls).toEqual(['data:image/png;base64,iVBORw==', image.toString()]);
  });

  it('may be a function, as in openai-compatible', async () => {
    const model = provider({ supportedUrls: () => ({ 'image/*': [/^https:/] }) })('m');
    expect(await model.supportedUrls).toEqual({ 'image/*': [/^https:/] });
    expect(await provider()('m').supportedUrls).toEqual({});
  });
});

describe('structured output', () => {
  const schema = jsonSchema<{ ok: boolean }>({
    type: 'object',
    properties: { ok: { type: 'boolean' } },
    required: ['ok'],
    additionalProperties: false,
  });
  const done = chunk({ delta: { content: '{"ok":true}' }, finish_reason: 'stop' });

  it('defaults to json_schema, strict (openai-compatible: json_object unless supportsStructuredOutputs)', async () => {
    server.reply({ chunks: [done] });
    await streamText({
      model: provider()('m'),
      prompt: 'Hi',
      output: Output.object({ schema }),
    }).consumeStream();
    expect(server.requests[0]?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'response', strict: true },
    });
  });

  it('supportsStructuredOutputs: false sends json_object, as openai-compatible does by default', async () => {
    server.reply({ chunks: [done] }, { chunks: [done] });
    const bridge = provider({ supportsStructuredOutputs: false });
    await streamText({
      model: bridge('m'),
      prompt: 'Hi',
      output: Output.object({ schema }),
    }).consumeStream();
    // The per-call option still wins.
    await streamText({
      model: bridge('m'),
      prompt: 'Hi',
      output: Output.object({ schema }),
      providerOptions: { responsesBridge: { structuredOutputs: true } },
    }).consumeStream();
    expect(server.requests.map((request) => request.body.response_format?.type)).toEqual([
      'json_object',
      'json_schema',
    ]);
  });
});

describe('providerOptions', () => {
  it('textVerbosity is sent as verbosity', async () => {
    server.reply({ chunks: answer });
    await streamText({
      model: provider()('m'),
      prompt: 'Hi',
      providerOptions: { responsesBridge: { textVerbosity: 'low' } },
    }).consumeStream();
    expect(server.requests[0]?.body).toMatchObject({ verbosity: 'low' });
  });

  it('an unknown key is an error that names it and says to pass it under extraBody', async () => {
    const model = provider()('m');
    const error = await rejectionOf(
      model.doStream({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
        providerOptions: { responsesBridge: { top_k: 40, user: 'u1' } },
      }),
      Error,
    );
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toMatchInlineSnapshot(
      `"Invalid providerOptions.responsesBridge: unknown key 'top_k'. Known keys: user, textVerbosity, reasoningEffort, parallelToolCalls, structuredOutputs, strictJsonSchema, sendReasoning, extraBody. To send it in the request body, pass providerOptions.responsesBridge.extraBody: { "top_k": … }"`,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('strictJsonSchema: false sends strict: false', async () => {
    server.reply({ chunks: answer });
    await streamText({
      model: provider()('m'),
      prompt: 'Hi',
      output: Output.object({
        schema: jsonSchema<{ ok: boolean }>({
          type: 'object',
          properties: { ok: { type: 'boolean' } },
        }),
      }),
      providerOptions: { responsesBridge: { strictJsonSchema: false } },
    }).consumeStream();
    expect(server.requests[0]?.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { strict: false },
    });
  });

  it('only the provider’s name is read: openai-compatible’s openaiCompatible key is not', async () => {
    server.reply({ chunks: answer });
    await streamText({
      model: provider()('m'),
      prompt: 'Hi',
      providerOptions: { openaiCompatible: { user: 'ignored' } },
    }).consumeStream();
    expect(server.requests[0]?.body).not.toHaveProperty('user');
  });

  it('what the error says works', async () => {
    server.reply({ chunks: answer });
    await streamText({
      model: provider()('m'),
      prompt: 'Hi',
      providerOptions: { responsesBridge: { extraBody: { top_k: 40 } } },
    }).consumeStream();
    expect(server.requests[0]?.body).toMatchObject({ top_k: 40 });
  });
});

describe('convertUsage', () => {
  it('turns the upstream usage into the AI SDK’s, streamed and not', async () => {
    const bridge = provider({
      convertUsage: (usage) => ({
        inputTokens: {
          total: (usage?.prompt_tokens ?? 0) * 10,
          noCache: undefined,
          cacheRead: undefined,
          cacheWrite: undefined,
        },
        outputTokens: {
          total: usage?.completion_tokens ?? 0,
          text: undefined,
          reasoning: undefined,
        },
      }),
    });
    server.reply({ chunks: answer }, { completion: answered() });
    const streamed = streamText({ model: bridge('m'), prompt: 'Hi' });
    await streamed.consumeStream();
    const generated = await generateText({ model: bridge('m'), prompt: 'Hi' });
    expect((await streamed.usage).inputTokens).toBe(30);
    expect(generated.usage.inputTokens).toBe(30);
    expect(generated.usage.outputTokens).toBe(2);
  });
});

describe('fetch', () => {
  it('is used for chat and embedding requests alike', async () => {
    const seen: string[] = [];
    const bridge = provider({
      fetch: async (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    server.reply({ chunks: answer }, { completion: { data: [{ embedding: [1], index: 0 }] } });
    await streamText({ model: bridge('m'), prompt: 'Hi' }).consumeStream();
    await bridge.embeddingModel('e').doEmbed({ values: ['a'] });
    expect(seen).toEqual([`${server.baseURL}/chat/completions`, `${server.baseURL}/embeddings`]);
  });
});

describe('embedding options', () => {
  it('dimensions and user from providerOptions, the call’s dimensions, extraBody', async () => {
    const model = provider().embeddingModel('e');
    server.reply(
      { completion: { data: [{ embedding: [1], index: 0 }] } },
      { completion: { data: [{ embedding: [1], index: 0 }] } },
    );
    await model.doEmbed({ values: ['a'], dimensions: 8 });
    await model.doEmbed({
      values: ['a'],
      dimensions: 8,
      providerOptions: {
        responsesBridge: { dimensions: 4, user: 'u1', extraBody: { input_type: 'query' } },
      },
    });
    expect(server.requests.map((request) => request.body)).toEqual([
      { model: 'e', input: ['a'], encoding_format: 'float', dimensions: 8 },
      {
        model: 'e',
        input: ['a'],
        encoding_format: 'float',
        dimensions: 4,
        user: 'u1',
        input_type: 'query',
      },
    ]);
  });

  it('an unknown key is an error that says to pass it under extraBody', async () => {
    const error = await rejectionOf(
      provider()
        .embeddingModel('e')
        .doEmbed({ values: ['a'], providerOptions: { responsesBridge: { truncate: 'END' } } }),
      Error,
    );
    expect(error.message).toContain(
      `unknown key 'truncate'. Known keys: dimensions, user, extraBody. To send it in the request body, pass providerOptions.responsesBridge.extraBody: { "truncate": … }`,
    );
  });

  it('an answer without one vector per value is InvalidResponseDataError', async () => {
    server.reply({ completion: { data: [] } });
    const error = await rejectionOf(
      provider()
        .embeddingModel('e')
        .doEmbed({ values: ['a'] }),
      Error,
    );
    expect(error.message).toContain('without 1 embedding in `data`');
  });
});

describe('model names', () => {
  it('chatModel is languageModel, as in openai-compatible', async () => {
    const bridge = provider();
    expect(bridge.chatModel('m')).toMatchObject({ modelId: 'm', provider: 'responsesBridge.chat' });
    expect(bridge.embeddingModel('e')).toMatchObject({
      modelId: 'e',
      provider: 'responsesBridge.embedding',
      specificationVersion: 'v4',
    });
    expect(() => bridge.imageModel('i')).toThrow(/imageModel/);
  });
});
