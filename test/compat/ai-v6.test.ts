/**
 * ai 6 (the `ai-v6` alias, LanguageModelV3) through `responses-bridge/v3`, against the loopback
 * chat server: streamText with reasoning and text and no compatibility-mode warning,
 * generateText, and a stopWhen tool loop whose second request must carry turn 1's thinking
 * signature and Gemini thought signature. These are the ai 6 cells of the README's
 * compatibility matrix.
 */
import * as ai6 from 'ai-v6';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge as createV2 } from '../../src/compat/v2/index';
import {
  createResponsesBridge as createV3,
  responsesBridgeMetadata,
} from '../../src/compat/v3/index';
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

const {
  server,
  settings,
  logged,
  expectSignaturesSentBack,
  expectNoCompatibilityWarning,
  expectEmbedded,
} = useCompatHarness();

describe('ai 6 (LanguageModelV3, responses-bridge/v3)', () => {
  const provider = () => createV3(settings());

  it('streamText: reasoning and text, with no compatibility-mode warning', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai6.streamText({ model: provider()('deepseek-reasoner'), prompt: 'Count.' });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    expect([...types]).toEqual(expect.arrayContaining(['reasoning-delta', 'text-delta', 'finish']));
    expect((await result.reasoningText)?.length).toBeGreaterThan(100);
    expect(await result.text).toContain('strawberry');
    expect(await result.finishReason).toBe('stop');
    expectNoCompatibilityWarning();
  });

  it('a V2 model in ai 6 does print the warning (the check above can fail)', async () => {
    server.reply({ fixture: 'deepseek-reasoner-reasoning' });
    const result = ai6.streamText({
      // ai 6 types V2 models with its own @ai-sdk/provider; the runtime shape is what counts here.
      model: createV2(settings())('deepseek-reasoner') as unknown as ai6.LanguageModel,
      prompt: 'Count.',
    });
    await result.consumeStream();
    expect(logged.some((line) => line.includes('compatibility mode'))).toBe(true);
  });

  it('generateText', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai6.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expect(result.text).toBe(reasoningCompletion().choices[0]!.message.content);
    expect(result.usage.inputTokens).toBe(reasoningCompletion().usage!.prompt_tokens);
    expectNoCompatibilityWarning();
  });

  it('tool loop with stopWhen, signatures round-tripped', async () => {
    server.reply({ chunks: signedToolTurn }, { chunks: answerTurn });
    const result = ai6.streamText({
      model: provider()('claude-via-litellm'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: ai6.tool({
          inputSchema: ai6.jsonSchema<{ city: string }>(weatherSchema),
          execute: runWeather,
        }),
      },
      stopWhen: ai6.stepCountIs(3),
    });
    expect(await result.text).toBe('Sunny, 21°C.');
    expectSignaturesSentBack();
    expectNoCompatibilityWarning();
  });
  it('embedMany over the endpoint’s /embeddings, in the order of the values', async () => {
    server.reply(embeddingsReply);
    const bridge = createV3({ ...settings(), queryParams: { 'api-version': '2024-10-21' } });
    const result = await ai6.embedMany({
      model: bridge.embeddingModel('embed-model'),
      values: ['sunny', 'rainy'],
      providerOptions: { responsesBridge: { dimensions: 2 } },
    });
    expectEmbedded(result, { dimensions: 2 });
  });

  it('responsesBridgeMetadata: the typed Response of a call', async () => {
    server.reply({ completion: reasoningCompletion() });
    const result = await ai6.generateText({
      model: provider()('deepseek-reasoner'),
      prompt: 'Count.',
    });
    expectTypedResponse(responsesBridgeMetadata, result.providerMetadata);
  });
});
