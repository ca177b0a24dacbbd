/**
 * The Responses clients people point at `serve`, each as its users drive it, against the handler
 * over loopback and a scripted chat backend that answers from the request it gets:
 * - the OpenAI Agents SDK for JS (an agent with a function tool, streamed and not);
 * - `@ai-sdk/openai`'s Responses model with `store: false` (a tool loop whose reasoning survives
 *   step 2 through the sealed envelope);
 * - `@ai-sdk/open-responses` (streamText, generateText, a tool loop, an upstream failing
 *   mid-stream);
 * - the official `openai` client (`responses.parse`, a stream broken off early, `models.list`).
 */
import { createOpenResponses } from '@ai-sdk/open-responses';
import { createOpenAI } from '@ai-sdk/openai';
import {
  Agent,
  tool as agentTool,
  OpenAIResponsesModel,
  run,
  setTracingDisabled,
} from '@openai/agents';
import { generateText, jsonSchema, type ModelMessage, stepCountIs, streamText, tool } from 'ai';
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponsesHandler } from '../../src/index';
import { chunk } from '../support/builders';
import type { SentAssistantMessage } from '../support/chat-request';
import { useSpecCheckedFetch } from '../support/handler-harness';
import { type LoopbackServer, startServer } from '../support/loopback';
import {
  answerWith,
  lastToolResult,
  toolNames,
  useScriptedBackend,
} from '../support/scripted-backend';
import { useServeForFile } from '../support/serve-process';

const backend = useScriptedBackend();
let bridge: LoopbackServer;
beforeAll(async () => {
  setTracingDisabled(true);
  bridge = await startServer(createResponsesHandler({ baseURL: backend.baseURL }));
});
afterAll(() => bridge.close());

const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
} as const;

/** The AI SDK tool the weather models call. */
const weatherTools = {
  weather: tool({
    inputSchema: jsonSchema<{ city: string }>(weatherSchema),
    execute: async ({ city }) => ({ city, sky: 'sunny' }),
  }),
};

/** A model that calls `weather` once, thinking first, then answers with what it returned. */
function weatherModel() {
  backend.play((request) => {
    const result = lastToolResult(request);
    if (result !== undefined) return answerWith({ text: `It is ${JSON.parse(result).sky}.` });
    expect(toolNames(request)).toContain('weather');
    return answerWith({
      reasoning: 'I need the weather.',
      calls: [{ id: 'call_w1', name: 'weather', arguments: '{"city":"Paris"}' }],
    });
  });
}

function sentAssistant(index: number): SentAssistantMessage | undefined {
  return backend.requests[index]?.messages.find(
    (message): message is SentAssistantMessage => message.role === 'assistant',
  );
}

describe('the OpenAI Agents SDK for JS', () => {
  const agentsFetch = useSpecCheckedFetch();
  const model = () =>
    new OpenAIResponsesModel(
      new OpenAI({
        baseURL: `${bridge.url}/v1`,
        apiKey: 'sk-agents',
        maxRetries: 0,
        fetch: agentsFetch,
      }),
      'scripted',
    );
  const weather = agentTool({
    name: 'weather',
    description: 'Current weather in a city',
    parameters: z.object({ city: z.string() }),
    execute: async ({ city }) => JSON.stringify({ city, sky: 'sunny' }),
  });

  it('runs an agent with a function tool', async () => {
    weatherModel();
    const agent = new Agent({
      name: 'Forecaster',
      instructions: 'Be brief.',
      model: model(),
      tools: [weather],
    });
    const result = await run(agent, 'Weather in Paris?');
    expect(result.finalOutput).toBe('It is sunny.');
    expect(backend.requests).toHaveLength(2);
    expect(sentAssistant(1)?.tool_calls?.[0]?.function.name).toBe('weather');
  });

  it('streams an agent with a function tool', async () => {
    weatherModel();
    const agent = new Agent({
      name: 'Forecaster',
      instructions: 'Be brief.',
      model: model(),
      tools: [weather],
    });
    const stream = await run(agent, 'Weather in Paris?', { stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    await stream.completed;
    expect(stream.finalOutput).toBe('It is sunny.');
    expect(types).toContain('raw_model_stream_event');
    expect(types).toContain('run_item_stream_event');
  });
});

describe("@ai-sdk/openai's Responses model, store: false", () => {
  // @ai-sdk/openai asks for the envelope itself for the model ids it knows to reason (gpt-5,
  // o3, …); for another id, the caller asks with `include`.
  it.each([
    ['gpt-5', {}],
    ['deepseek-reasoner', { include: ['reasoning.encrypted_content'] }],
  ])(
    'keeps reasoning across the steps of a tool loop through the envelope (%s)',
    async (modelId, extra) => {
      weatherModel();
      const openai = createOpenAI({ baseURL: `${bridge.url}/v1`, apiKey: 'sk-ai-sdk' });
      const result = streamText({
        model: openai.responses(modelId),
        prompt: 'Weather in Paris?',
        tools: weatherTools,
        stopWhen: stepCountIs(3),
        providerOptions: { openai: { store: false, ...extra } },
      });
      expect(await result.text).toBe('It is sunny.');
      const steps = await result.steps;
      expect(steps).toHaveLength(2);
      expect(steps[0]!.warnings).toEqual([]);
      // Step 2 carried the reasoning of step 1 back, in the field DeepSeek requires.
      expect(sentAssistant(1)).toMatchObject({
        reasoning_content: 'I need the weather.',
        tool_calls: [{ id: 'call_w1', function: { name: 'weather' } }],
      });
      const reasoning = steps[0]!.reasoning;
      expect(reasoning.map((part) => ('text' in part ? part.text : '')).join('')).toBe(
        'I need the weather.',
      );
    },
  );
});

describe("@ai-sdk/openai's Responses model with its defaults (store on), through serve", () => {
  // Step 2 of a tool loop and every later chat turn send item_reference items for what the
  // server stored, as against the real API.
  const serve = useServeForFile(() => ['--upstream', backend.baseURL]);
  const sent: Array<{ store?: boolean; input: Array<{ type?: string }> }> = [];
  afterEach(() => {
    sent.length = 0;
  });
  const openai = () =>
    createOpenAI({
      baseURL: `${serve().url}/v1`,
      apiKey: 'sk-ai-sdk',
      fetch: async (url, init) => {
        if (typeof init?.body === 'string') sent.push(JSON.parse(init.body));
        return fetch(url, init);
      },
    });
  const referenced = (index: number) =>
    sent[index]!.input.filter((item) => item.type === 'item_reference').length;

  it('runs a tool loop whose step 1 streams reasoning and text before its call', async () => {
    backend.play((request) => {
      const result = lastToolResult(request);
      if (result !== undefined) return answerWith({ text: `It is ${JSON.parse(result).sky}.` });
      return answerWith({
        reasoning: 'I need the weather.',
        text: 'Let me look.',
        calls: [{ id: 'call_w1', name: 'weather', arguments: '{"city":"Paris"}' }],
      });
    });
    const result = streamText({
      model: openai().responses('deepseek-reasoner'),
      prompt: 'Weather in Paris?',
      tools: weatherTools,
      stopWhen: stepCountIs(3),
    });
    expect(await result.text).toBe('It is sunny.');
    const steps = await result.steps;
    expect(steps).toHaveLength(2);
    expect(steps[0]!.text).toBe('Let me look.');
    expect(steps[0]!.reasoningText).toBe('I need the weather.');
    // Step 2 came with references to step 1's stored items, which the server resolved.
    expect(sent[1]!.store).toBeUndefined();
    expect(referenced(1)).toBeGreaterThan(0);
    expect(sentAssistant(1)).toEqual({
      role: 'assistant',
      content: 'Let me look.',
      reasoning_content: 'I need the weather.',
      tool_calls: [
        {
          id: 'call_w1',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
        },
      ],
    });
    expect(backend.requests[1]!.messages.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_w1',
    });
  });

  it('holds a three-turn chat with response.messages passed back', async () => {
    backend.play((request) =>
      answerWith({
        reasoning: `Turn ${request.messages.filter((m) => m.role === 'user').length}.`,
        text: `Answer ${request.messages.length}.`,
      }),
    );
    const model = openai().responses('deepseek-reasoner');
    const messages: ModelMessage[] = [];
    for (const question of ['One?', 'Two?', 'Three?']) {
      messages.push({ role: 'user', content: question });
      const { response, text } = await generateText({ model, messages });
      expect(text).toBe(`Answer ${messages.length}.`);
      messages.push(...response.messages);
    }
    expect(referenced(2)).toBeGreaterThan(0);
    expect(backend.requests[2]!.messages).toEqual([
      { role: 'user', content: 'One?' },
      { role: 'assistant', content: 'Answer 1.', reasoning_content: 'Turn 1.' },
      { role: 'user', content: 'Two?' },
      { role: 'assistant', content: 'Answer 3.', reasoning_content: 'Turn 2.' },
      { role: 'user', content: 'Three?' },
    ]);
  });
});

describe('@ai-sdk/open-responses', () => {
  const model = () =>
    createOpenResponses({ url: `${bridge.url}/v1/responses`, name: 'bridge', apiKey: 'sk-or' })(
      'scripted',
    );

  it('streams text and reasoning with streamText', async () => {
    backend.play(() => answerWith({ reasoning: 'Greet.', text: 'Hello there.' }));
    const result = streamText({ model: model(), prompt: 'Hi' });
    expect(await result.text).toBe('Hello there.');
    expect(await result.reasoningText).toBe('Greet.');
    expect(await result.finishReason).toBe('stop');
    expect((await result.usage).inputTokens).toBe(10);
  });

  it('generates with generateText', async () => {
    backend.play(() => ({
      response: Response.json({
        id: 'chatcmpl-or',
        object: 'chat.completion',
        created: 1700000000,
        model: 'scripted',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Generated.' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
      }),
    }));
    const result = await generateText({ model: model(), prompt: 'Hi' });
    expect(result.text).toBe('Generated.');
    expect(result.finishReason).toBe('stop');
  });

  it('runs a tool loop', async () => {
    weatherModel();
    const result = await generateText({
      model: model(),
      prompt: 'Weather in Paris?',
      tools: weatherTools,
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe('It is sunny.');
    expect(result.steps).toHaveLength(2);
  });

  it('ends cleanly with finish reason error when the upstream fails mid-stream', async () => {
    backend.play(() => ({
      chunks: [
        chunk({ delta: { role: 'assistant', content: 'Partial' } }),
        { error: { message: 'The model crashed', code: 'server_error' } },
      ],
    }));
    const result = streamText({ model: model(), prompt: 'Hi', onError: () => {} });
    const parts: string[] = [];
    for await (const part of result.fullStream) parts.push(part.type);
    expect(parts).toContain('error');
    expect(await result.finishReason).toBe('error');
    expect(await result.text).toBe('Partial');
  });
});

describe('the official openai client', () => {
  const fetch = useSpecCheckedFetch();
  const client = () =>
    new OpenAI({ baseURL: `${bridge.url}/v1`, apiKey: 'sk-openai', maxRetries: 0, fetch });

  it('parses structured output with responses.parse', async () => {
    backend.play((request) => {
      expect(request.response_format).toMatchObject({ type: 'json_schema' });
      return {
        response: Response.json({
          id: 'chatcmpl-parse',
          object: 'chat.completion',
          created: 1700000000,
          model: 'scripted',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: '{"city":"Paris","celsius":21}' },
              finish_reason: 'stop',
            },
          ],
        }),
      };
    });
    const response = await client().responses.parse({
      model: 'scripted',
      input: 'Weather in Paris as JSON',
      text: {
        format: zodTextFormat(z.object({ city: z.string(), celsius: z.number() }), 'weather'),
      },
    });
    expect(response.output_parsed).toEqual({ city: 'Paris', celsius: 21 });
  });

  it('cancels the upstream when a stream is broken off early', async () => {
    let cancelled = false;
    backend.play(() => {
      let sent = 0;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        // A word every few milliseconds, as a model writes, for as long as anyone reads.
        async pull(controller) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          sent++;
          const delta = chunk({ delta: { content: `word${sent} ` } });
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(delta)}\n\n`));
        },
        cancel() {
          cancelled = true;
        },
      });
      return { response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }) };
    });
    const stream = await client().responses.create({
      model: 'scripted',
      input: 'Talk',
      stream: true,
    });
    let deltas = 0;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta' && ++deltas === 3) break;
    }
    await expect.poll(() => cancelled, { timeout: 5000 }).toBe(true);
  });

  it('lists the upstream models through GET /v1/models', async () => {
    const models = await client().models.list();
    expect(models.data.map((model) => model.id)).toEqual(['scripted']);
  });
});

afterEach(() => {
  backend.play(() => ({ response: new Response('no script', { status: 500 }) }));
});
