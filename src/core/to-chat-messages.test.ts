import type {
  ResponseInputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/rejections';
import { ChatRequestError } from './chat-request-error';
import type { ResponseFunctionToolCallWithSignature } from './function-call-item';
import { encodeReasoningEnvelope, type ReasoningEnvelope } from './reasoning-envelope';
import { toChatMessages } from './to-chat-messages';

function answer(text: string, id = 'msg_1'): ResponseOutputMessage {
  return {
    type: 'message',
    id,
    role: 'assistant',
    status: 'completed',
    content: [{ type: 'output_text', text, annotations: [] }],
  };
}

function call(
  callId: string,
  fields: Partial<ResponseFunctionToolCallWithSignature> = {},
): ResponseFunctionToolCallWithSignature {
  return {
    type: 'function_call',
    id: `fc_${callId}`,
    call_id: callId,
    name: 'weather',
    arguments: '{"city":"Paris"}',
    status: 'completed',
    ...fields,
  };
}

function reasoning(text: string, envelope?: ReasoningEnvelope): ResponseReasoningItem {
  return {
    type: 'reasoning',
    id: 'rs_1',
    summary: [],
    content: [{ type: 'reasoning_text', text }],
    ...(envelope !== undefined ? { encrypted_content: encodeReasoningEnvelope(envelope) } : {}),
  };
}

function output(callId: string, text: string): ResponseInputItem {
  return { type: 'function_call_output', call_id: callId, output: text };
}

const question: ResponseInputItem = { role: 'user', content: 'Weather in Paris and Rome?' };

describe('toChatMessages', () => {
  it('sends a string input as one user message, after the instructions', () => {
    expect(toChatMessages('Hi', 'Be brief.')).toMatchInlineSnapshot(`
      [
        {
          "content": "Be brief.",
          "role": "system",
        },
        {
          "content": "Hi",
          "role": "user",
        },
      ]
    `);
    expect(toChatMessages('Hi', '')).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('groups reasoning, text and every call of a turn into one assistant message', () => {
    const messages = toChatMessages(
      [
        question,
        reasoning('Two cities.'),
        answer('Checking both.'),
        call('call_paris'),
        call('call_rome', { arguments: '{"city":"Rome"}' }),
        output('call_paris', '21'),
        output('call_rome', '25'),
      ],
      undefined,
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        {
          "content": "Weather in Paris and Rome?",
          "role": "user",
        },
        {
          "content": "Checking both.",
          "reasoning_content": "Two cities.",
          "role": "assistant",
          "tool_calls": [
            {
              "function": {
                "arguments": "{"city":"Paris"}",
                "name": "weather",
              },
              "id": "call_paris",
              "type": "function",
            },
            {
              "function": {
                "arguments": "{"city":"Rome"}",
                "name": "weather",
              },
              "id": "call_rome",
              "type": "function",
            },
          ],
        },
        {
          "content": "21",
          "role": "tool",
          "tool_call_id": "call_paris",
        },
        {
          "content": "25",
          "role": "tool",
          "tool_call_id": "call_rome",
        },
      ]
    `);
  });

  it('sends content null beside tool calls without text, and "" for a refusal alone', () => {
    const [, withCall] = toChatMessages([question, call('call_1')], undefined);
    expect(withCall).toMatchObject({ role: 'assistant', content: null });
    const refusal: ResponseOutputMessage = {
      ...answer(''),
      content: [{ type: 'refusal', refusal: 'No.' }],
    };
    const [, refused] = toChatMessages([question, refusal], undefined);
    expect(refused).toEqual({ role: 'assistant', content: '', refusal: 'No.' });
  });

  it('starts a new assistant message for a second answer', () => {
    const messages = toChatMessages(
      [question, answer('First.', 'msg_1'), answer('Second.', 'msg_2')],
      undefined,
    );
    expect(messages.slice(1)).toEqual([
      { role: 'assistant', content: 'First.' },
      { role: 'assistant', content: 'Second.' },
    ]);

    const refusal: ResponseOutputMessage = {
      ...answer('', 'msg_3'),
      content: [{ type: 'refusal', refusal: 'No.' }],
    };
    expect(toChatMessages([question, refusal, answer('Then yes.')], undefined).slice(1)).toEqual([
      { role: 'assistant', content: '', refusal: 'No.' },
      { role: 'assistant', content: 'Then yes.' },
    ]);
  });

  it('gives reasoning after an answer to the next message, and after calls to the same one', () => {
    const afterAnswer = toChatMessages(
      [question, answer('Done.'), reasoning('Next thought.'), call('call_1')],
      undefined,
    );
    expect(afterAnswer.slice(1)).toMatchObject([
      { role: 'assistant', content: 'Done.' },
      { role: 'assistant', reasoning_content: 'Next thought.', tool_calls: [{ id: 'call_1' }] },
    ]);
    const afterCall = toChatMessages(
      [question, call('call_1'), reasoning('Then Rome.'), call('call_2')],
      undefined,
    );
    expect(afterCall).toHaveLength(2);
    expect(afterCall[1]).toMatchObject({
      reasoning_content: 'Then Rome.',
      tool_calls: [{ id: 'call_1' }, { id: 'call_2' }],
    });
  });

  describe('replays reasoning in the dialect its envelope names', () => {
    const replayed = (...items: ResponseInputItem[]) =>
      toChatMessages([question, ...items, call('call_1')], undefined)[1];

    it('thinking_blocks: every block and signature, in order', () => {
      const blocks = [
        { type: 'thinking' as const, thinking: 'Weigh it.', signature: 'SIG_1' },
        { type: 'redacted_thinking' as const, data: 'REDACTED==' },
      ];
      expect(replayed(reasoning('Weigh it.', { format: 'thinking_blocks', blocks }))).toEqual({
        role: 'assistant',
        content: null,
        thinking_blocks: blocks,
        tool_calls: [expect.objectContaining({ id: 'call_1' })],
      });
    });

    it('reasoning_details: as OpenRouter sent them', () => {
      const details = [
        {
          type: 'reasoning.text',
          text: 'Need weather.',
          signature: 'SIG_OR',
          format: 'x',
          index: 0,
        },
      ];
      const message = replayed(
        reasoning('Need weather.', { format: 'reasoning_details', details }),
      );
      expect(message).toMatchObject({ reasoning_details: details });
      expect(message).not.toHaveProperty('reasoning_content');
    });

    it('reasoning: the text, for Groq, Ollama and OpenRouter', () => {
      const message = replayed(reasoning('Call the tool.', { format: 'reasoning' }));
      expect(message).toMatchObject({ reasoning: 'Call the tool.' });
      expect(message).not.toHaveProperty('reasoning_content');
    });

    it('reasoning_content: for DeepSeek, and for reasoning of unknown origin', () => {
      expect(replayed(reasoning('Thought.', { format: 'reasoning_content' }))).toMatchObject({
        reasoning_content: 'Thought.',
      });
      expect(replayed(reasoning('No envelope.'))).toMatchObject({
        reasoning_content: 'No envelope.',
      });
      const opaque = { ...reasoning('Opaque.'), encrypted_content: 'gAAAAB-not-ours' };
      expect(replayed(opaque)).toMatchObject({ reasoning_content: 'Opaque.' });
    });

    it('the envelope text over the item text, and a summary when there is no text', () => {
      expect(
        replayed(reasoning('shown', { format: 'reasoning', text: 'as it arrived' })),
      ).toMatchObject({ reasoning: 'as it arrived' });
      const summaryOnly: ResponseReasoningItem = {
        type: 'reasoning',
        id: 'rs_2',
        summary: [
          { type: 'summary_text', text: 'One.' },
          { type: 'summary_text', text: 'Two.' },
        ],
      };
      expect(replayed(summaryOnly)).toMatchObject({ reasoning_content: 'One.\n\nTwo.' });
    });

    it('joins the reasoning items of one message with a blank line', () => {
      expect(replayed(reasoning('First.'), reasoning('Second.'))).toMatchObject({
        reasoning_content: 'First.\n\nSecond.',
      });
    });
  });

  describe('sends a thought signature back where it came from', () => {
    const google = { google: { thought_signature: 'SIG_GEMINI' } };
    const toolCalls = (...items: ResponseInputItem[]) => {
      const message = toChatMessages([question, ...items], undefined)[1];
      return message?.role === 'assistant' ? message.tool_calls : undefined;
    };

    it('extra_content.google, for Gemini', () => {
      expect(
        toolCalls(call('call_1', { extra_content: google, provider_specific_fields: google })),
      ).toMatchInlineSnapshot(`
        [
          {
            "extra_content": {
              "google": {
                "thought_signature": "SIG_GEMINI",
              },
            },
            "function": {
              "arguments": "{"city":"Paris"}",
              "name": "weather",
            },
            "id": "call_1",
            "type": "function",
          },
        ]
      `);
    });

    it('provider_specific_fields, for LiteLLM', () => {
      expect(toolCalls(call('call_1', { provider_specific_fields: google }))).toEqual([
        expect.objectContaining({ provider_specific_fields: { thought_signature: 'SIG_GEMINI' } }),
      ]);
      expect(
        toolCalls(call('call_1', { provider_specific_fields: google }))?.[0],
      ).not.toHaveProperty('extra_content');
    });

    it('from the reasoning envelope, for a call that carries none itself', () => {
      const envelope: ReasoningEnvelope = {
        format: 'reasoning_content',
        thoughtSignatures: {
          call_1: { signature: 'SIG_ENVELOPE', field: 'extra_content' },
          call_2: { signature: 'SIG_LITELLM', field: 'provider_specific_fields' },
        },
      };
      expect(
        toolCalls(
          reasoning('Both.', envelope),
          call('call_1'),
          call('call_2', { extra_content: google }),
          call('call_3'),
        ),
      ).toEqual([
        expect.objectContaining({
          extra_content: { google: { thought_signature: 'SIG_ENVELOPE' } },
        }),
        // The call's own signature wins over the envelope's.
        expect.objectContaining({ extra_content: google }),
        {
          id: 'call_3',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
        },
      ]);
    });
  });

  it('sends developer and system messages as system, their parts joined', () => {
    expect(
      toChatMessages(
        [
          {
            role: 'developer',
            content: [
              { type: 'input_text', text: 'Be ' },
              { type: 'input_text', text: 'brief.' },
            ],
          },
          { role: 'system', content: 'Reply in JSON.' },
        ],
        undefined,
      ),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Reply in JSON.' },
    ]);
  });

  it('converts the parts of a user message, and a lone text part to a string', () => {
    expect(
      toChatMessages(
        [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Look:' },
              { type: 'input_image', image_url: 'https://x/a.png', detail: 'original' },
              { type: 'input_image', image_url: 'https://x/b.png', detail: 'auto' },
              { type: 'input_file', file_id: 'file_1', filename: 'a.pdf' },
            ],
          },
          { role: 'user', content: [{ type: 'input_text', text: 'Alone.' }] },
        ],
        undefined,
      ),
    ).toMatchInlineSnapshot(`
      [
        {
          "content": [
            {
              "text": "Look:",
              "type": "text",
            },
            {
              "image_url": {
                "detail": "high",
                "url": "https://x/a.png",
              },
              "type": "image_url",
            },
            {
              "image_url": {
                "detail": "auto",
                "url": "https://x/b.png",
              },
              "type": "image_url",
            },
            {
              "file": {
                "file_id": "file_1",
                "filename": "a.pdf",
              },
              "type": "file",
            },
          ],
          "role": "user",
        },
        {
          "content": "Alone.",
          "role": "user",
        },
      ]
    `);
  });

  it('sends the text parts of a function call output as one string', () => {
    const messages = toChatMessages(
      [
        question,
        call('call_1'),
        {
          type: 'function_call_output',
          call_id: 'call_1',
          output: [
            { type: 'input_text', text: 'line 1\n' },
            { type: 'input_text', text: 'line 2' },
          ],
        },
      ],
      undefined,
    );
    expect(messages[2]).toEqual({
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'line 1\nline 2',
    });
  });

  describe('refuses what a chat backend cannot take, naming the parameter', () => {
    const refused = (input: ResponseInputItem[]) =>
      thrownBy(() => toChatMessages(input, undefined), ChatRequestError);

    it.each([
      [{ type: 'item_reference', id: 'msg_1' }, 'input[0].type', 'unsupported_value'],
      [
        { role: 'user', content: [{ type: 'input_image', file_id: 'file_1', detail: 'auto' }] },
        'input[0].content[0].file_id',
        'unsupported_value',
      ],
      [
        { role: 'user', content: [{ type: 'input_image', detail: 'auto' }] },
        'input[0].content[0].image_url',
        'missing_required_parameter',
      ],
      [
        { role: 'user', content: [{ type: 'input_file', file_url: 'https://x/a.pdf' }] },
        'input[0].content[0].file_url',
        'unsupported_value',
      ],
      [
        { role: 'user', content: [{ type: 'input_file' }] },
        'input[0].content[0].file_data',
        'missing_required_parameter',
      ],
      [
        {
          type: 'function_call_output',
          call_id: 'call_1',
          output: [{ type: 'input_image', image_url: 'https://x/a.png', detail: 'auto' }],
        },
        'input[0].output[0].type',
        'unsupported_value',
      ],
    ] satisfies Array<[ResponseInputItem, string, ChatRequestError['code']]>)(
      '%o at %s',
      (item, param, code) => {
        expect(refused([item])).toMatchObject({ param, code });
      },
    );

    it('says why an item reference cannot be served', () => {
      expect(refused([{ type: 'item_reference', id: 'msg_1' }]).message).toContain(
        'a reference is resolved from stored responses',
      );
    });
  });
});
