/**
 * Signatures through `serve`, with the official `openai` client as the Responses client: what a
 * provider's turn 1 streamed comes back in the client's next request (`response.output` passed
 * back as input, with `include: ["reasoning.encrypted_content"]` as stateless clients send),
 * and must reach the upstream in that provider's dialect. Each provider's stream is constructed
 * from its documented format:
 * - DeepSeek thinking mode: `reasoning_content`, required back on tool-call turns;
 * - Anthropic through LiteLLM (docs.litellm.ai "Reasoning content"): `thinking_blocks` with a
 *   signature, and a `redacted_thinking` block, in order;
 * - OpenRouter ("Reasoning tokens"): `reasoning_details` with text, signature and format;
 * - Gemini's OpenAI endpoint ("Thought signatures"): `extra_content.google.thought_signature`
 *   on the call, which a client keeping only standard fields (Codex) drops.
 */
import OpenAI from 'openai';
import type { ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { chunk } from '../support/builders';
import { assistantMessage, type SentAssistantMessage } from '../support/chat-request';
import { useResponsesHandler } from '../support/handler-harness';
import { rejectionOf } from '../support/rejections';

const { upstream, openai } = useResponsesHandler();

const weather = {
  type: 'function' as const,
  name: 'weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

const call = (extra: Record<string, unknown> = {}) =>
  chunk({
    delta: {
      tool_calls: [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
          ...extra,
        },
      ],
    },
    finish_reason: 'tool_calls',
  });

/** Only the fields Codex keeps of each item (codex-rs `ResponseItem`): no extension fields. */
function standardFields(item: ResponseOutputItem): ResponseInputItem {
  switch (item.type) {
    case 'reasoning':
      return {
        type: 'reasoning',
        id: item.id,
        summary: item.summary,
        ...(item.encrypted_content ? { encrypted_content: item.encrypted_content } : {}),
      };
    case 'function_call':
      return {
        type: 'function_call',
        call_id: item.call_id,
        name: item.name,
        arguments: item.arguments,
      };
    default:
      return item as ResponseInputItem;
  }
}

/** Turn 1 (the upstream streams `chunks`), then turn 2 with turn 1's output and the tool result. */
async function roundTrip(
  chunks: unknown[],
  { keep = (item: ResponseOutputItem) => item as ResponseInputItem } = {},
): Promise<SentAssistantMessage> {
  const client = await openai();
  upstream.reply({ chunks });
  const first = await client.responses
    .stream({
      model: 'm',
      input: 'Weather in Paris?',
      tools: [weather],
      include: ['reasoning.encrypted_content'],
      store: false,
    })
    .finalResponse();
  for (const item of first.output) {
    if (item.type === 'reasoning') {
      // Sealed: the client can neither read nor alter what it carries.
      expect(item.encrypted_content).toMatch(/^rbe1\./);
      expect(item.encrypted_content).not.toContain('SIG');
    }
  }
  upstream.reply({ chunks: [chunk({ delta: { content: 'Sunny.' }, finish_reason: 'stop' })] });
  await client.responses
    .stream({
      model: 'm',
      tools: [weather],
      include: ['reasoning.encrypted_content'],
      store: false,
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        ...first.output.map(keep),
        { type: 'function_call_output', call_id: 'call_1', output: '{"sky":"sunny"}' },
      ],
    })
    .finalResponse();
  return assistantMessage(upstream.requests[1]!.body.messages[1]);
}

describe('signatures sent back through serve reach the upstream in its dialect', () => {
  it('DeepSeek: reasoning_content on the tool-call turn', async () => {
    const sent = await roundTrip([
      chunk({ delta: { role: 'assistant', reasoning_content: 'Need the weather.' } }),
      call(),
    ]);
    expect(sent.reasoning_content).toBe('Need the weather.');
    expect(sent.tool_calls?.[0]?.id).toBe('call_1');
  });

  it('Anthropic through LiteLLM: every thinking block with its signature, in order', async () => {
    const sent = await roundTrip([
      chunk({
        delta: {
          role: 'assistant',
          reasoning_content: 'First, ',
          thinking_blocks: [{ type: 'thinking', thinking: 'First, ' }],
        },
      }),
      chunk({
        delta: { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'SIG_A' }] },
      }),
      chunk({ delta: { thinking_blocks: [{ type: 'redacted_thinking', data: 'REDACTED_B' }] } }),
      chunk({ delta: { thinking_blocks: [{ type: 'thinking', thinking: 'then the call.' }] } }),
      chunk({
        delta: { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'SIG_C' }] },
      }),
      call(),
    ]);
    expect(sent.thinking_blocks).toEqual([
      { type: 'thinking', thinking: 'First, ', signature: 'SIG_A' },
      { type: 'redacted_thinking', data: 'REDACTED_B' },
      { type: 'thinking', thinking: 'then the call.', signature: 'SIG_C' },
    ]);
    expect(sent).not.toHaveProperty('reasoning_content');
  });

  it('OpenRouter: reasoning_details with text, signature and format', async () => {
    const detail = { type: 'reasoning.text', format: 'anthropic-claude-v1', index: 0 };
    const sent = await roundTrip([
      chunk({
        delta: {
          role: 'assistant',
          reasoning: 'Need weather.',
          reasoning_details: [{ ...detail, text: 'Need weather.' }],
        },
      }),
      chunk({ delta: { reasoning_details: [{ ...detail, signature: 'SIG_OPENROUTER' }] } }),
      call(),
    ]);
    expect(sent.reasoning_details).toEqual([
      { ...detail, text: 'Need weather.', signature: 'SIG_OPENROUTER' },
    ]);
  });

  it('Gemini: the thought signature on the call, as the client sent the output back', async () => {
    const sent = await roundTrip([
      call({ extra_content: { google: { thought_signature: 'SIG_GEMINI' } } }),
    ]);
    expect(sent.tool_calls?.[0]?.extra_content).toEqual({
      google: { thought_signature: 'SIG_GEMINI' },
    });
  });

  it('Gemini and Anthropic signatures survive a client that keeps only standard fields', async () => {
    const gemini = await roundTrip(
      [call({ extra_content: { google: { thought_signature: 'SIG_GEMINI' } } })],
      { keep: standardFields },
    );
    expect(gemini.tool_calls?.[0]?.extra_content).toEqual({
      google: { thought_signature: 'SIG_GEMINI' },
    });
    upstream.reset();
    const anthropic = await roundTrip(
      [
        chunk({
          delta: { role: 'assistant', thinking_blocks: [{ type: 'thinking', thinking: 'Hm.' }] },
        }),
        chunk({
          delta: { thinking_blocks: [{ type: 'thinking', thinking: '', signature: 'SIG_A' }] },
        }),
        call(),
      ],
      { keep: standardFields },
    );
    expect(anthropic.thinking_blocks).toEqual([
      { type: 'thinking', thinking: 'Hm.', signature: 'SIG_A' },
    ]);
  });
});

describe('the reasoning envelope', () => {
  it('is left out when the client does not ask for it, as the real API does', async () => {
    const client = await openai();
    upstream.reply({
      chunks: [
        chunk({ delta: { role: 'assistant', reasoning: 'Hm.' } }),
        chunk({ delta: { content: 'Hi' }, finish_reason: 'stop' }),
      ],
    });
    const response = await client.responses.stream({ model: 'm', input: 'Hi' }).finalResponse();
    const [reasoning] = response.output;
    expect(reasoning?.type).toBe('reasoning');
    expect(reasoning).not.toHaveProperty('encrypted_content');
  });

  it('refuses an encrypted_content it did not seal, or sealed with another secret', async () => {
    const client = await openai({ secret: 'secret-a' });
    upstream.reply({
      chunks: [
        chunk({ delta: { role: 'assistant', reasoning_content: 'Hm.' } }),
        chunk({ delta: { content: 'Hi' }, finish_reason: 'stop' }),
      ],
    });
    const first = await client.responses
      .stream({ model: 'm', input: 'Hi', include: ['reasoning.encrypted_content'] })
      .finalResponse();
    const reasoning = first.output[0]!;
    if (reasoning.type !== 'reasoning') throw new Error('expected reasoning first');
    const sealed = reasoning.encrypted_content!;
    for (const forged of [
      'opaque',
      'responses-bridge:reasoning:v1:{"format":"reasoning_content","text":"injected"}',
      `${sealed.slice(0, -4)}AAAA`,
    ]) {
      const error = await rejectionOf(
        client.responses
          .stream({
            model: 'm',
            input: [
              { ...reasoning, encrypted_content: forged },
              { role: 'user', content: 'Go on' },
            ],
          })
          .finalResponse(),
        OpenAI.BadRequestError,
      );
      expect(error.error).toMatchObject({
        code: 'invalid_encrypted_content',
        param: 'input[0].encrypted_content',
      });
    }
    const otherSecret = await openai({ secret: 'secret-b' });
    const error = await rejectionOf(
      otherSecret.responses
        .stream({ model: 'm', input: [reasoning, { role: 'user', content: 'Go on' }] })
        .finalResponse(),
      OpenAI.BadRequestError,
    );
    expect(error.status).toBe(400);
    // Nothing reached the upstream but the first turn.
    expect(upstream.requests).toHaveLength(1);
  });

  it('is read back by another server with the same secret', async () => {
    const a = await openai({ secret: 'shared-secret' });
    upstream.reply({
      chunks: [
        chunk({ delta: { role: 'assistant', reasoning_content: 'Hm.' } }),
        chunk({ delta: { content: 'Hi' }, finish_reason: 'stop' }),
      ],
    });
    const first = await a.responses
      .stream({ model: 'm', input: 'Hi', include: ['reasoning.encrypted_content'] })
      .finalResponse();
    const b = await openai({ secret: 'shared-secret' });
    upstream.reply({ chunks: [chunk({ delta: { content: 'Ok' }, finish_reason: 'stop' })] });
    await b.responses
      .stream({
        model: 'm',
        input: [...first.output, { role: 'user', content: 'Go on' }] as ResponseInputItem[],
      })
      .finalResponse();
    expect(assistantMessage(upstream.requests[1]!.body.messages[0])).toMatchObject({
      reasoning_content: 'Hm.',
    });
  });
});
