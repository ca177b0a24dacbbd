/**
 * What each recording contains must end up in the final Response: its texts, reasoning,
 * tool calls and usage. The expectations are read from the raw JSON by a deliberately naive
 * reader, independent of the converter's dialect readers and of the golden files.
 */
import type {
  Response,
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import {
  chatStreamFixtures,
  readChatStream,
  readChatStreamLines,
} from '../../test/support/fixtures';
import { convertFixture } from '../../test/support/golden';
import { checkEventSequence, checkSpec } from '../../test/support/invariants';
import { arrayOf, field, stringOf } from '../../test/support/json';
import { validateResponse } from '../../test/support/open-responses-schema';
import { decodeReasoningEnvelope } from './reasoning-envelope';

interface Expected {
  text: string;
  summary: string;
  reasoning: string;
  toolCalls: Array<{ name: string; callId: string; arguments: string }>;
  /** The last usage object, as sent. */
  usage: unknown;
  /** The error payload, as sent. */
  error: unknown;
  finishReason: string | undefined;
}

function readExpected(fixture: string): Expected {
  const chunks = readChatStreamLines(fixture).map((line): unknown => JSON.parse(line));
  let text = '';
  let summary = '';
  let reasoning = '';
  let detailsText = '';
  let thinkingBlocksText = '';
  const calls = new Map<unknown, { name: string; callId: string; arguments: string }>();
  let usage: unknown;
  let error: unknown;
  let finishReason: string | undefined;
  let lastKey: unknown;
  for (const chunk of chunks) {
    if (field(chunk, 'usage')) usage = field(chunk, 'usage');
    if (field(chunk, 'error')) error = field(chunk, 'error');
    const choice = arrayOf(field(chunk, 'choices'))[0];
    if (!choice) continue;
    finishReason ??= stringOf(field(choice, 'finish_reason'));
    const delta = field(choice, 'delta') ?? {};
    const content = field(delta, 'content');
    if (typeof content === 'string') text += content;
    if (Array.isArray(content)) {
      for (const block of content) {
        if (field(block, 'type') === 'text') text += String(field(block, 'text'));
        if (field(block, 'type') === 'thinking') {
          thinkingBlocksText += arrayOf(field(block, 'thinking'))
            .map((part) => field(part, 'text'))
            .join('');
        }
      }
    }
    const reasoningContent = field(delta, 'reasoning_content');
    if (reasoningContent) summary += String(reasoningContent);
    const reasoningText = field(delta, 'reasoning');
    if (reasoningText) reasoning += String(reasoningText);
    for (const detail of arrayOf(field(delta, 'reasoning_details'))) {
      const detailText = field(detail, 'text');
      if (field(detail, 'type') === 'reasoning.text' && detailText)
        detailsText += String(detailText);
    }
    for (const call of arrayOf(field(delta, 'tool_calls'))) {
      const key = field(call, 'index') ?? field(call, 'id') ?? lastKey;
      lastKey = key;
      const entry = calls.get(key) ?? { name: '', callId: '', arguments: '' };
      entry.name ||= stringOf(field(field(call, 'function'), 'name')) ?? '';
      entry.callId ||= stringOf(field(call, 'id')) ?? '';
      entry.arguments += stringOf(field(field(call, 'function'), 'arguments')) ?? '';
      calls.set(key, entry);
    }
  }
  return {
    text,
    summary,
    reasoning: reasoning || detailsText || thinkingBlocksText,
    toolCalls: [...calls.values()],
    usage,
    error,
    finishReason,
  };
}

const messages = (response: Response) =>
  response.output.filter((item): item is ResponseOutputMessage => item.type === 'message');
const reasoningItems = (response: Response) =>
  response.output.filter((item): item is ResponseReasoningItem => item.type === 'reasoning');
const functionCalls = (response: Response) =>
  response.output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call');
const answerText = (response: Response) =>
  messages(response)
    .flatMap((message) => message.content)
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');

async function finalResponse(fixture: string): Promise<Response> {
  return checkEventSequence(await convertFixture(fixture));
}

describe.each(chatStreamFixtures)('the final response of %s', (fixture) => {
  const expected = readExpected(fixture);

  it('gives events and a final Response that the Open Responses spec accepts', async () => {
    const events = await convertFixture(fixture);
    checkSpec(events);
    expect(validateResponse(checkEventSequence(events))).toEqual([]);
  });

  it('holds the answer text of the recording', async () => {
    const response = await finalResponse(fixture);
    expect(answerText(response)).toBe(expected.text);
    expect(response.output_text).toBe(expected.text);
  });

  it('holds the reasoning of the recording', async () => {
    const response = await finalResponse(fixture);
    const items = reasoningItems(response);
    expect(items.flatMap((item) => item.summary.map((part) => part.text)).join('')).toBe(
      expected.summary,
    );
    expect(items.flatMap((item) => (item.content ?? []).map((part) => part.text)).join('')).toBe(
      expected.reasoning,
    );
  });

  it('holds the tool calls of the recording, arguments intact', async () => {
    const response = await finalResponse(fixture);
    expect(
      functionCalls(response).map((call) => ({
        name: call.name,
        callId: call.call_id,
        arguments: call.arguments,
      })),
    ).toEqual(expected.toolCalls);
  });

  it('reports the usage of the recording', async () => {
    const response = await finalResponse(fixture);
    if (expected.usage === undefined) {
      // No usage from the upstream: null, never an invented count.
      expect(response.usage).toBeNull();
      return;
    }
    expect(response.usage?.input_tokens).toBe(field(expected.usage, 'prompt_tokens'));
    expect(response.usage?.total_tokens).toBe(field(expected.usage, 'total_tokens'));
    expect(response.usage!.input_tokens + response.usage!.output_tokens).toBe(
      response.usage!.total_tokens,
    );
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(
      field(field(expected.usage, 'prompt_tokens_details'), 'cached_tokens') ?? 0,
    );
    // Reasoning is part of the output, and never more than it.
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(
      Math.min(
        Number(field(field(expected.usage, 'completion_tokens_details'), 'reasoning_tokens') ?? 0),
        response.usage!.output_tokens,
      ),
    );
  });

  it('ends as the recording ended', async () => {
    const response = await finalResponse(fixture);
    if (expected.error) {
      expect(response.status).toBe('failed');
      expect(response.error?.message).toBe(field(expected.error, 'message'));
    } else if (expected.finishReason === 'length') {
      expect(response.status).toBe('incomplete');
    } else {
      expect(response.status).toBe('completed');
    }
  });
});

describe('provider quirks in the recordings', () => {
  it('keeps the Anthropic signature from OpenRouter reasoning_details in the envelope', async () => {
    const response = await finalResponse('openrouter-claude-sonnet-4.5-reasoning-details');
    const [reasoning] = reasoningItems(response);
    const text = 'This is a simple arithmetic question. 2+2 equals 4.';
    expect(reasoning?.content?.[0]?.text).toBe(text);
    const envelope = decodeReasoningEnvelope(reasoning?.encrypted_content);
    expect(envelope?.format).toBe('reasoning_details');
    expect(envelope?.details).toEqual([
      {
        type: 'reasoning.text',
        format: 'anthropic-claude-v1',
        index: 0,
        text,
        signature: expect.stringMatching(/^Et0BCkgIChACGAIqQA2s7h7t/),
      },
    ]);
  });

  it('keeps OpenRouter encrypted reasoning (o3) as a reasoning item before the answer', async () => {
    const response = await finalResponse('openrouter-o3-encrypted-reasoning');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const envelope = decodeReasoningEnvelope(reasoningItems(response)[0]?.encrypted_content);
    expect(envelope?.details?.[0]).toMatchObject({
      type: 'reasoning.encrypted',
      format: 'openai-responses-v1',
      data: expect.stringMatching(/^gAAAAABpCCSI/),
    });
  });

  it('turns OpenRouter url citations into url_citation annotations', async () => {
    const response = await finalResponse('openrouter-deepseek-chat-annotations');
    const [part] = messages(response)[0]!.content;
    expect(
      part?.type === 'output_text' &&
        part.annotations.map((a) => a.type === 'url_citation' && a.url),
    ).toEqual([
      'https://github.com/pydantic/pydantic-ai',
      'https://pydantic.dev/pydantic-ai',
      'https://github.com/pydantic/pydantic-ai/releases/tag/v2.0.0',
      'https://pydantic.dev/docs/ai/overview/',
      'https://github.com/pydantic/pydantic-ai/tree/refs/tags/v1.44.0',
    ]);
  });

  it('turns the [n] markers of a Perplexity answer into url_citation annotations over them', async () => {
    const response = await finalResponse('perplexity-sonar-citations');
    const message = messages(response)[0]!;
    const [part] = message.content;
    if (part?.type !== 'output_text') throw new Error('expected an output_text part');
    const last = readChatStream('perplexity-sonar-citations').at(-1) as { citations?: string[] };
    const citations = last.citations!;
    // The answer, cut by max_tokens, cites [2] and [3]; Perplexity sends no titles.
    expect(part.text.endsWith('[2][3]')).toBe(true);
    const start = part.text.length - '[2][3]'.length;
    expect(part.annotations).toEqual([
      {
        type: 'url_citation',
        url: citations[1],
        title: '',
        start_index: start,
        end_index: start + 3,
      },
      {
        type: 'url_citation',
        url: citations[2],
        title: '',
        start_index: start + 3,
        end_index: start + 6,
      },
    ]);
    // Every source stays on the message, cited or not.
    expect(message).toMatchObject({ provider_specific_fields: { citations } });
    expect(citations).toHaveLength(7);
  });

  it('counts xAI reasoning tokens, sent outside completion_tokens, in output_tokens', async () => {
    const response = await finalResponse('xai-grok-3-mini-reasoning-tool-call');
    expect(response.usage).toMatchObject({
      output_tokens: 26 + 227,
      output_tokens_details: { reasoning_tokens: 227 },
    });
  });

  it('keeps the usage sent before a trailing moderation chunk with usage: null', async () => {
    const response = await finalResponse('openai-gpt-5-moderation-trailing-chunk');
    expect(response.usage?.total_tokens).toBe(24);
  });

  it('reads no refusal from Snowflake refusal: "" deltas', async () => {
    const response = await finalResponse('snowflake-claude-sonnet-4-6-reasoning-details');
    expect(messages(response)[0]?.content.map((part) => part.type)).toEqual(['output_text']);
  });

  it('keeps the upstream id beside the response, skipping the empty id of the Azure filter chunk', async () => {
    const response = await finalResponse('azure-openai-model-router-prompt-filter');
    expect(response.metadata).toEqual({});
    expect(response).toMatchObject({
      provider_specific_fields: { chat_completion_id: expect.stringMatching(/^chatcmpl-/) },
    });
    expect(response.model).toBe('gpt-5-nano-2025-08-07');
  });

  it('fails with the Groq error payload, keeping the reasoning that streamed', async () => {
    const events = await convertFixture('groq-gpt-oss-120b-in-stream-error');
    const error = events.at(-2);
    expect(error).toMatchObject({ type: 'error', code: 'tool_use_failed' });
    const response = checkEventSequence(events);
    expect(reasoningItems(response)[0]?.status).toBe('incomplete');
    expect(response.error?.code).toBe('server_error');
  });

  it('fails with the OpenRouter error sent beside normal choices, keeping usage', async () => {
    const response = await finalResponse('openrouter-minimax-m2-in-stream-error');
    expect(response.error?.message).toBe('Token limit reached');
    expect(response.usage?.input_tokens).toBe(43);
    expect(reasoningItems(response)[0]?.content?.[0]?.text).toBe(
      'We need to respond to a greeting. The user',
    );
  });

  it('keeps one finish even when OpenRouter repeats finish_reason', async () => {
    const events = await convertFixture('openrouter-deepseek-chat-annotations');
    expect(events.filter((event) => event.type === 'response.output_item.done')).toHaveLength(1);
  });
});
