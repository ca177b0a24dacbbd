/**
 * ai 4 (the `ai-v4` alias, LanguageModelV1) through `responses-bridge/v1`, against the loopback
 * chat server: streamText with reasoning and text, generateText, and a maxSteps tool loop whose
 * second request must carry turn 1's thinking signature and Gemini thought signature. These are
 * the ai 4 cells of the README's compatibility matrix.
 */
import * as ai4 from 'ai-v4';
import { describe, expect, it } from 'vitest';
import { createResponsesBridge as createV1 } from '../../src/compat/v1/index';
import {
  answerTurn,
  reasoningCompletion,
  runWeather,
  signedToolTurn,
  useCompatHarness,
  weatherSchema,
} from '../support/compat-harness';
import { field } from '../support/json';

const { server, settings, expectSignaturesSentBack } = useCompatHarness();

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
});
