/**
 * ai 7 (`ai`, LanguageModelV4) through `responses-bridge`, against the loopback chat server:
 * streamText with reasoning and text and no compatibility-mode warning, generateText, and a
 * stopWhen tool loop whose second request must carry turn 1's thinking signature and Gemini
 * thought signature. These are the ai 7 cells of the README's compatibility matrix.
 */
import * as ai7 from 'ai';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge as createV4, responsesBridgeMetadata } from '../../src/index';
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

const { server, settings, expectSignaturesSentBack, expectNoCompatibilityWarning, expectEmbedded } =
  useCompatHarness();

describe('ai 7 (LanguageModelV4, responses-bridge)', () => {
  const provider = () => createV4(settings());

  it('streamText: reasoning and text, with no compatibility-mode warning', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai7.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    await result.consumeStream();
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expectNoCompatibilityWarning();
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai7.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expectNoCompatibilityWarning();
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai7.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai7.tool({
          inputSchema: ai7.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai7.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
    expectNoCompatibilityWarning();
  });
  it('embedMany over the endpoint’s /embeddings, in the order of the values', async () => {
    server.reply(embeddingsReply);
    const bridge = createV4({ ...settings(), queryParams: { 'api-version': '2024-10-21' } });
    const result = await ai7.embedMany({
      model: bridge.embeddingModel('embed-model'),
      values: ['sunny', 'rainy'],
      providerOptions: { responsesBridge: { dimensions: 2 } },
    });
    expectEmbedded(result, { dimensions: 2 });
  });

  it('responsesBridgeMetadata: the typed Response of a call', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai7.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expectTypedResponse(responsesBridgeMetadata, result.providerMetadata);
  });
});
