/**
 * ai 4 (the `ai-v4` alias, LanguageModelV1) through `responses-bridge/v1`, against the loopback
 * chat server: streamText with reasoning and text, generateText, and a maxSteps tool loop whose
 * second request must carry turn 1's thinking signature and Gemini thought signature. These are
 * the ai 4 cells of the README's compatibility matrix.
 */
import * as ai4 from 'ai-v4';
import { describe, expect, it } from 'vitest';
import {
  createResponsesBridge as createV1,
  responsesBridgeMetadata,
} from '../../src/compat/v1/index';
import {
  answerTurn,
  embeddingsReply,
  expectTypedResponse,
  reasoningCompletion,
  runWeather,
  signedToolTurn,
  useCompatHarness,
  weatherSchema,
} from '../support/compat-harness';
import { field } from '../support/json';

const { server, settings, expectSignaturesSentBack, expectEmbedded } = useCompatHarness();

describe('ai 4 (LanguageModelV1, responses-bridge/v1)', () => {
  const provider = () => createV1(settings());

  it('streamText: reasoning and text', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai4.streamText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count the rs.',
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning', 'text-delta', 'finish']));
    expect((await result.reasoning)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect((await result.usage).completionTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('stop');
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai4.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.reasoning).toBe(
      field(reasoningCompletion().choices[0]!.message, 'reasoning_content'),
    );
    expect(result.usage.promptTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
  });

  it('tool loop with maxSteps, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai4.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai4.tool({
          parameters: ai4.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      maxSteps: 3,
    });
    // ai 4 settles its promises only once the stream is read.
    await result.consumeStream();
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
  });
  it('embedMany over the endpoint’s /embeddings, in the order of the values', async () => {
    server.reply(embeddingsReply);
    const bridge = createV1({ ...settings(), queryParams: { 'api-version': '2024-10-21' } });
    const result = await ai4.embedMany({
      model: bridge.textEmbeddingModel('embed-model'),
      values: ['sunny', 'rainy'],
    });
    expectEmbedded(result, {});
  });

  it('responsesBridgeMetadata: the typed Response of a call', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai4.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expectTypedResponse(responsesBridgeMetadata, result.providerMetadata);
  });
  it('supportedUrls: a URL it matches goes upstream as it is (ai 4 asks supportsUrl)', async () => {
    server.reply({ completion: reasoningCompletion() });
    const model = createV1({
      ...settings(),
      supportedUrls: { 'image/*': [/^https:\/\/images\.example\//] },
    })('m');
    expect(model.supportsUrl(new URL('https://images.example/cat.png'))).toBe(true);
    expect(model.supportsUrl(new URL('https://elsewhere.example/cat.png'))).toBe(false);
    expect(createV1(settings())('m').supportsUrl(new URL('https://images.example/cat.png'))).toBe(
      false,
    );
    await ai4.generateText({
      model,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is it?' },
            { type: 'image', image: new URL('https://images.example/cat.png') },
          ],
        },
      ],
    });
    const [message] = server.requests[0]!.body.messages;
    expect(message?.content).toEqual([
      { type: 'text', text: 'What is it?' },
      { type: 'image_url', image_url: { url: 'https://images.example/cat.png' } },
    ]);
  });
});
