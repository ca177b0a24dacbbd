/**
 * Provider formats with no recording in test/fixtures, built by hand from each provider's
 * documentation (the tool-call formats are in to-responses-events.formats-tools.test.ts). Each
 * case is judged three ways: the event sequence validates against the Open Responses spec (with
 * the other invariants of checkEventSequence), the official `openai` client accepts it as SSE
 * and accumulates exactly our final Response (convertAndJudge), and that Response holds exactly
 * what came in.
 */
import type {
  Response,
  ResponseOutputMessage,
  ResponseOutputText,
  ResponseReasoningItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk } from '../../test/support/builders';
import { convertAndJudge } from '../../test/support/official-client';
import { decodeReasoningEnvelope } from './reasoning-envelope';
import { toResponsesEvents } from './to-responses-events';

const messages = (response: Response) =>
  response.output.filter((item): item is ResponseOutputMessage => item.type === 'message');
const reasoningItems = (response: Response) =>
  response.output.filter((item): item is ResponseReasoningItem => item.type === 'reasoning');
const textParts = (response: Response) =>
  messages(response).flatMap((message) =>
    message.content.filter((part): part is ResponseOutputText => part.type === 'output_text'),
  );

function deltasOf<Type extends ResponseStreamEvent['type']>(
  events: ResponseStreamEvent[],
  type: Type,
): Array<ResponseStreamEvent & { type: Type }> {
  return events.filter(
    (event): event is ResponseStreamEvent & { type: Type } => event.type === type,
  );
}

describe('toResponsesEvents on documented provider formats', () => {
  describe('several choices', () => {
    it('follows the first choice of an interleaved n: 2 stream', async () => {
      // Constructed from OpenAI's documented format: the chat completion chunk object
      // (platform.openai.com/docs/api-reference/chat-streaming/streaming): `choices` "can contain
      // more than one element if n is greater than 1", each with its own `index`, interleaved;
      // with stream_options.include_usage a last chunk has `choices: []` and the usage of all.
      const { response } = await convertAndJudge([
        chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] }),
        chunk({ choices: [{ index: 1, delta: { role: 'assistant', content: '' } }] }),
        chunk({ choices: [{ index: 0, delta: { content: 'Hello' } }] }),
        chunk({ choices: [{ index: 1, delta: { content: 'Bonjour' } }] }),
        chunk({ choices: [{ index: 1, delta: { content: ' le monde' } }] }),
        chunk({ choices: [{ index: 0, delta: { content: ' world' } }] }),
        chunk({ choices: [{ index: 1, delta: {}, finish_reason: 'length' }] }),
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
        chunk({
          choices: [],
          usage: { prompt_tokens: 9, completion_tokens: 7, total_tokens: 16 },
        }),
      ]);
      expect(response.output).toEqual([
        {
          id: 'msg_0002',
          type: 'message',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Hello world', annotations: [], logprobs: [] }],
        },
      ]);
      // The second choice's `length` is not the first choice's end.
      expect(response.status).toBe('completed');
      expect(response.usage).toMatchObject({ input_tokens: 9, output_tokens: 7, total_tokens: 16 });
    });

    it('reads a single choice numbered 1, 2, 3, … as one choice', async () => {
      // Constructed from Hugging Face TGI's documented format: the stream quoted in
      // huggingface/text-generation-inference#1648, where TGI numbered the one choice of every
      // chunk with the token's position until that fix (foundry-local numbers them likewise).
      const tgi = (index: number, content: string, finishReason: 'length' | null = null) =>
        chunk({
          id: '',
          object: 'text_completion',
          model: 'HuggingFaceH4/zephyr-7b-beta',
          system_fingerprint: '1.4.3-sha-e6bb3ff',
          choices: [
            {
              index,
              delta: { role: 'assistant', content },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
        });
      const { response } = await convertAndJudge([tgi(1, 'I'), tgi(2, "'"), tgi(3, 'm', 'length')]);
      expect(response.output_text).toBe("I'm");
      expect(response.status).toBe('incomplete');
      expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
      expect(response.model).toBe('HuggingFaceH4/zephyr-7b-beta');
      expect(messages(response)).toHaveLength(1);
    });
  });

  describe('reasoning kept in order', () => {
    it('keeps several Anthropic thinking blocks from LiteLLM, signed and redacted, in order', async () => {
      // Constructed from LiteLLM's documented format: docs.litellm.ai/docs/reasoning_content
      // ("thinking_blocks": `{type: "thinking", thinking, signature}` and
      // `{type: "redacted_thinking", data}`) and the v1.63.0 release notes (the streamed block's
      // `signature` arrives in its own delta, `thinking: ""`), with `reasoning_content`
      // repeating the text beside each block.
      const thinking = (text: string, signature?: string) =>
        chunk({
          delta: {
            reasoning_content: text,
            thinking_blocks: [
              { type: 'thinking', thinking: text, ...(signature ? { signature } : {}) },
            ],
          },
        });
      const { events, response } = await convertAndJudge([
        chunk({ delta: { role: 'assistant', content: '' } }),
        thinking('First, add '),
        thinking('2 and 2.'),
        thinking('', 'sig-first'),
        chunk({ delta: { thinking_blocks: [{ type: 'redacted_thinking', data: 'EmwKAhgB' }] } }),
        thinking('Then check it.'),
        thinking('', 'sig-second'),
        chunk({ delta: { content: '4' } }),
        chunk({ finish_reason: 'stop' }),
      ]);
      const [reasoning] = reasoningItems(response);
      expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
      expect(reasoning?.summary).toEqual([]);
      expect(reasoning?.content).toEqual([
        { type: 'reasoning_text', text: 'First, add 2 and 2.' },
        { type: 'reasoning_text', text: 'Then check it.' },
      ]);
      expect(decodeReasoningEnvelope(reasoning?.encrypted_content)).toEqual({
        format: 'thinking_blocks',
        blocks: [
          { type: 'thinking', thinking: 'First, add 2 and 2.', signature: 'sig-first' },
          { type: 'redacted_thinking', data: 'EmwKAhgB' },
          { type: 'thinking', thinking: 'Then check it.', signature: 'sig-second' },
        ],
      });
      expect(deltasOf(events, 'response.reasoning_text.delta').map((e) => e.delta)).toEqual([
        'First, add ',
        '2 and 2.',
        'Then check it.',
      ]);
      expect(response.output_text).toBe('4');
    });

    it('keeps several OpenRouter reasoning_details, signed text and encrypted, in order', async () => {
      // Constructed from OpenRouter's documented format: openrouter.ai/docs/use-cases/reasoning-tokens
      // ("reasoning_details": `reasoning.text` with `text`, `signature`, `format`, `index`,
      // `reasoning.encrypted` with opaque `data`), streamed in pieces continued by `index`, with
      // `reasoning` repeating the text.
      const detail = (fields: Record<string, unknown>, reasoning?: string) =>
        chunk({
          delta: {
            role: 'assistant',
            content: '',
            ...(reasoning !== undefined ? { reasoning } : {}),
            reasoning_details: [{ format: 'anthropic-claude-v1', ...fields }],
          },
        });
      const { response } = await convertAndJudge([
        detail({ type: 'reasoning.text', text: 'Step one. ', index: 0 }, 'Step one. '),
        detail({ type: 'reasoning.text', text: 'Step two.', index: 0 }, 'Step two.'),
        detail({ type: 'reasoning.text', signature: 'sig-openrouter', index: 0 }),
        detail({ type: 'reasoning.encrypted', data: 'opaque-blob', index: 1 }),
        detail({ type: 'reasoning.text', text: 'Step three.', index: 2 }, 'Step three.'),
        chunk({ delta: { content: 'Done.' } }),
        chunk({ finish_reason: 'stop' }),
      ]);
      const [reasoning] = reasoningItems(response);
      expect(reasoning?.content).toEqual([
        { type: 'reasoning_text', text: 'Step one. Step two.' },
        { type: 'reasoning_text', text: 'Step three.' },
      ]);
      expect(decodeReasoningEnvelope(reasoning?.encrypted_content)).toEqual({
        format: 'reasoning_details',
        details: [
          {
            type: 'reasoning.text',
            format: 'anthropic-claude-v1',
            index: 0,
            text: 'Step one. Step two.',
            signature: 'sig-openrouter',
          },
          {
            type: 'reasoning.encrypted',
            format: 'anthropic-claude-v1',
            index: 1,
            data: 'opaque-blob',
          },
          {
            type: 'reasoning.text',
            format: 'anthropic-claude-v1',
            index: 2,
            text: 'Step three.',
          },
        ],
      });
      expect(response.output_text).toBe('Done.');
    });
  });

  describe('log probabilities', () => {
    it('puts each chunk’s logprobs on its output_text delta and all of them on the part', async () => {
      // Constructed from OpenAI's documented format: the chat completion chunk object
      // (platform.openai.com/docs/api-reference/chat-streaming/streaming): `choices[].logprobs`
      // `{content: [{token, logprob, bytes, top_logprobs: [{token, logprob, bytes}]}], refusal}`,
      // `bytes` null for tokens without a byte form.
      const hel = {
        token: 'Hel',
        logprob: -0.1,
        bytes: [72, 101, 108],
        top_logprobs: [
          { token: 'Hel', logprob: -0.1, bytes: [72, 101, 108] },
          { token: 'Hi', logprob: -2.5, bytes: [72, 105] },
        ],
      };
      const lo = { token: 'lo', logprob: -0.01, bytes: [108, 111], top_logprobs: [] };
      const bang = {
        token: '!',
        logprob: -0.3,
        bytes: null,
        top_logprobs: [{ token: '!', logprob: -0.3, bytes: null }],
      };
      const withLogprobs = (content: string, entries: unknown[]) =>
        chunk({
          choices: [
            {
              index: 0,
              delta: { content },
              logprobs: { content: entries, refusal: null },
              finish_reason: null,
            },
          ],
        });
      const { events, response } = await convertAndJudge([
        chunk({ delta: { role: 'assistant', content: '' } }),
        withLogprobs('Hel', [hel]),
        withLogprobs('lo!', [lo, bang]),
        chunk({ finish_reason: 'stop' }),
      ]);
      const expected = [
        hel,
        lo,
        {
          token: '!',
          logprob: -0.3,
          bytes: [],
          top_logprobs: [{ token: '!', logprob: -0.3, bytes: [] }],
        },
      ];
      const deltas = deltasOf(events, 'response.output_text.delta');
      expect(deltas.map((event) => event.logprobs)).toEqual([[hel], expected.slice(1)]);
      expect(deltas.flatMap((event) => event.logprobs ?? [])).toEqual(expected);
      expect(textParts(response)).toEqual([
        { type: 'output_text', text: 'Hello!', annotations: [], logprobs: expected },
      ]);
      const done = deltasOf(events, 'response.output_text.done');
      expect(done.map((event) => event.logprobs)).toEqual([expected]);
    });
  });

  describe('usage', () => {
    it('caps reasoning_tokens above completion_tokens at the output, keeping the total', async () => {
      // Constructed from OpenRouter's documented format: the usage it sent in the recording
      // test/fixtures/chat-streams/openrouter-minimax-m2-in-stream-error.jsonl, where
      // `completion_tokens_details.reasoning_tokens` exceeds `completion_tokens` and
      // `total_tokens` = prompt + completion.
      const { response } = await convertAndJudge([
        chunk({ delta: { role: 'assistant', content: 'Hi' } }),
        chunk({
          finish_reason: 'stop',
          usage: {
            prompt_tokens: 43,
            completion_tokens: 10,
            total_tokens: 53,
            completion_tokens_details: { reasoning_tokens: 25 },
          },
        }),
      ]);
      expect(response.usage).toEqual({
        input_tokens: 43,
        input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        output_tokens: 10,
        output_tokens_details: { reasoning_tokens: 10 },
        total_tokens: 53,
      });
    });

    it('reports usage: null when the stream sends none', async () => {
      // Constructed from OpenAI's documented format: without `stream_options: {include_usage:
      // true}` no chunk carries usage (platform.openai.com/docs/api-reference/chat/create).
      const { events, response } = await convertAndJudge([
        chunk({ delta: { role: 'assistant', content: 'Hi' } }),
        chunk({ finish_reason: 'stop' }),
      ]);
      expect(response.usage).toBeNull();
      for (const event of events) {
        if ('response' in event) expect(event.response.usage, event.type).toBeNull();
      }
    });
  });

  describe('citations', () => {
    it('turns Perplexity [n] markers into url_citation annotations titled from search_results', async () => {
      // Constructed from Perplexity's documented format: docs.perplexity.ai/api-reference/chat-completions
      // (top-level `citations`, the URLs the answer cites as [1], [2], …, and `search_results`
      // with their `title` and `url`, repeated on every chunk).
      const citations = ['https://a.example/paris', 'https://b.example/', 'https://c.example/size'];
      const search_results = [
        { title: 'Paris', url: citations[0], date: null },
        { title: 'Size of Paris', url: citations[2], date: '2024-01-01' },
      ];
      const perplexity = (content: string, finishReason: 'stop' | null = null) =>
        chunk({
          object: 'chat.completion.chunk',
          citations,
          search_results,
          choices: [
            { index: 0, delta: { role: 'assistant', content }, finish_reason: finishReason },
          ],
        });
      const { response } = await convertAndJudge([
        perplexity('Paris is the capital[1]. '),
        perplexity('It is large[3][4].'),
        perplexity('', 'stop'),
      ]);
      const text = 'Paris is the capital[1]. It is large[3][4].';
      expect(textParts(response)).toEqual([
        {
          type: 'output_text',
          text,
          logprobs: [],
          annotations: [
            {
              type: 'url_citation',
              url: citations[0],
              title: 'Paris',
              start_index: text.indexOf('[1]'),
              end_index: text.indexOf('[1]') + 3,
            },
            {
              type: 'url_citation',
              url: citations[2],
              title: 'Size of Paris',
              start_index: text.indexOf('[3]'),
              end_index: text.indexOf('[3]') + 3,
            },
          ],
        },
      ]);
      // [4] names no source: no annotation is invented. Every source stays on the message.
      expect(messages(response)[0]).toMatchObject({ provider_specific_fields: { citations } });
    });
  });

  it('throws a TypeError naming the argument when given null', () => {
    expect(() => toResponsesEvents(null as never)).toThrow(
      new TypeError(
        'toResponsesEvents: expected `chunks` to be an iterable or async iterable of chat completion chunks, got null.',
      ),
    );
  });
});
