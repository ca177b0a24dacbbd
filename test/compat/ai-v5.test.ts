/**
 * ai 5 (the `ai-v5` alias, LanguageModelV2) through `responses-bridge/v2`, against the loopback
 * chat server: streamText with reasoning and text, generateText, and a stopWhen tool loop whose
 * second request must carry turn 1's thinking signature and Gemini thought signature. These are
 * the ai 5 cells of the README's compatibility matrix.
 */
import * as ai5 from 'ai-v5';
import { describe, expect, it } from 'vitest';
import {
  createResponsesBridge as createV2,
  responsesBridgeMetadata,
} from '../../src/compat/v2/index';
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

const { server, settings, expectSignaturesSentBack, expectEmbedded } = useCompatHarness();

describe('ai 5 (LanguageModelV2, responses-bridge/v2)', () => {
  const provider = () => createV2(settings());

  it('streamText: reasoning and text', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai5.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning-delta', 'text-delta', 'finish']));
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect((await result.usage).reasoningTokens).toBeGreaterThan(0);
    expect(await result.finishReason).toBe('stop');
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai5.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.usage.inputTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai5.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai5.tool({
          inputSchema: ai5.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai5.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
  });
  it('embedMany over the endpoint’s /embeddings, in the order of the values', async () => {
    server.reply(embeddingsReply);
    const bridge = createV2({ ...settings(), queryParams: { 'api-version': '2024-10-21' } });
    const result = await ai5.embedMany({
      model: bridge.textEmbeddingModel('embed-model'),
      values: ['sunny', 'rainy'],
      providerOptions: { responsesBridge: { dimensions: 2 } },
    });
    expectEmbedded(result, { dimensions: 2 });
  });

  it('responsesBridgeMetadata: the typed Response of a call', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai5.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expectTypedResponse(responsesBridgeMetadata, result.providerMetadata);
  });
});
