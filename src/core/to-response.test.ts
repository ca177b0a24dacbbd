import type { ChatCompletion } from 'openai/resources/chat/completions';
import type { Response } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import {
  chatCompletionFixtures,
  collect,
  readChatCompletion,
  sequentialIds,
} from '../../test/support/fixtures';
import { finalResponseOf } from '../../test/support/invariants';
import { validateResponse } from '../../test/support/open-responses-schema';
import type { ResponseFunctionToolCallWithSignature } from './function-call-item';
import { toResponse } from './to-response';
import { toResponsesEvents } from './to-responses-events';

const convert = (completion: ChatCompletion) =>
  toResponse(completion, { generateId: sequentialIds() });

describe('toResponse', () => {
  it.each(chatCompletionFixtures)('converts %s into a completed response', (fixture) => {
    const completion = readChatCompletion(fixture);
    const response = convert(completion);
    const message = completion.choices[0]!.message as ChatCompletion.Choice['message'] &
      Record<string, string>;
    expect(validateResponse(response), 'the Response under the Open Responses spec').toEqual([]);
    expect(response.status).toBe('completed');
    expect(response.id).toBe('resp_0001');
    expect(response.created_at).toBe(completion.created);
    expect(response.model).toBe(completion.model);
    expect(response.output_text).toBe(message.content ?? '');
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => [call.name, call.arguments])).toEqual(
      (message.tool_calls ?? []).map((call) => [
        call.type === 'function' ? call.function.name : '',
        call.type === 'function' ? call.function.arguments : '',
      ]),
    );
    const reasoning = response.output.find((item) => item.type === 'reasoning');
    const reasoningText = message.reasoning_content ?? message.reasoning;
    if (reasoningText) {
      expect(JSON.stringify(reasoning)).toContain(JSON.stringify(reasoningText).slice(1, 40));
      expect(response.output[0]?.type).toBe('reasoning');
    } else {
      expect(reasoning).toBeUndefined();
    }
    expect(response.usage?.input_tokens).toBe(completion.usage?.prompt_tokens);
    expect(response.usage?.total_tokens).toBe(completion.usage?.total_tokens);
  });

  it('agrees with the last event of the streaming conversion of the same content', async () => {
    const completion = readChatCompletion('deepseek-reasoner-tool-call');
    const choice = completion.choices[0]!;
    const streamed = finalResponseOf(
      await collect(
        toResponsesEvents(
          [
            {
              ...completion,
              object: 'chat.completion.chunk',
              choices: [
                { index: 0, delta: choice.message as never, finish_reason: choice.finish_reason },
              ],
            },
          ],
          { generateId: sequentialIds() },
        ),
      ),
    );
    expect(convert(completion)).toEqual(streamed as Response);
  });

  it('gives Gemini’s message-level thought signature to the first function call', () => {
    const response = convert(readChatCompletion('gemini-2.5-pro-tool-call-thought-signature'));
    const [call] = response.output as ResponseFunctionToolCallWithSignature[];
    expect(call?.provider_specific_fields?.google.thought_signature).toMatch(/^AVSoXO4AzAXs7GGv/);
    // Gemini sends `id: ""`: the call gets an id of its own so that its result can refer to it.
    expect(call?.call_id).toBe('call_0002');
  });

  it('counts Gemini’s unitemized thinking tokens as reasoning tokens', () => {
    const response = convert(readChatCompletion('gemini-2.5-pro-tool-call-thought-signature'));
    expect(response.usage).toMatchObject({
      input_tokens: 35,
      output_tokens: 74,
      output_tokens_details: { reasoning_tokens: 62 },
      total_tokens: 109,
    });
  });

  it('marks a completion cut off by max tokens as incomplete', () => {
    const completion = readChatCompletion('deepseek-reasoner-reasoning');
    const response = convert({
      ...completion,
      choices: [{ ...completion.choices[0]!, finish_reason: 'length' }],
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
  });

  it('returns an empty completed response for a completion without choices', () => {
    const completion = readChatCompletion('groq-llama-3.3-tool-call');
    const response = convert({ ...completion, choices: [] });
    expect(response.status).toBe('completed');
    expect(response.output).toEqual([]);
  });

  it('reads choices that are not objects as no choices, instead of throwing', () => {
    // Found by fuzzing toResponse under the spec validator: `choices: [null]` threw a
    // TypeError out of completionToChunk.
    const completion = readChatCompletion('groq-llama-3.3-tool-call');
    const junk = { ...completion, choices: [null, 'x', completion.choices[0]] } as never;
    const response = convert(junk);
    expect(validateResponse(response)).toEqual([]);
    expect(response.output).toEqual(convert(completion).output);
  });

  it('throws a TypeError naming the argument when given no completion object', () => {
    expect(() => toResponse(null as never)).toThrow(
      new TypeError('toResponse: expected `completion` to be a chat completion object, got null.'),
    );
  });
});
