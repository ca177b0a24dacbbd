/**
 * Records for the store tests: a StoredResponse built from typed items, with every kind of field
 * a store must keep as it is (reasoning envelopes in the clear, function calls, messages with
 * annotations and logprobs, input messages).
 */
import type {
  ResponseFunctionToolCall,
  ResponseInputMessageItem,
  ResponseItem,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import { createResponse } from '../../src/core/create-response';
import { encodeReasoningEnvelope } from '../../src/core/reasoning-envelope';
import type { StoredResponse } from '../../src/server/store/responses-store';

export interface RecordFields {
  id: string;
  owner?: string;
  /** This turn's input items. */
  input?: ResponseItem[];
  /** The input items of the earlier turns, before this turn's: `turnStart` is their count. */
  earlier?: ResponseItem[];
  output?: ResponseOutputItem[];
  previousResponseId?: string | null;
}

export function storedResponse(fields: RecordFields): StoredResponse {
  return {
    response: createResponse(
      { id: fields.id, model: 'deepseek-reasoner', createdAt: 1_700_000_000 },
      {
        status: 'completed',
        output: fields.output ?? [],
        previous_response_id: fields.previousResponseId ?? null,
      },
    ),
    input: [...(fields.earlier ?? []), ...(fields.input ?? [])],
    turnStart: fields.earlier?.length ?? 0,
    owner: fields.owner ?? 'owner-a',
  };
}

export function userMessage(id: string, text: string): ResponseInputMessageItem {
  return { id, type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}

export function assistantMessage(id: string, text: string): ResponseOutputMessage {
  return {
    id,
    type: 'message',
    role: 'assistant',
    status: 'completed',
    content: [
      {
        type: 'output_text',
        text,
        annotations: [
          {
            type: 'url_citation',
            url: 'https://example.com/a?b=1&c=é',
            title: 'Example',
            start_index: 0,
            end_index: Math.min(4, text.length),
          },
        ],
        logprobs: [
          {
            token: text.slice(0, 1),
            logprob: -0.015625,
            bytes: [72],
            top_logprobs: [{ token: 'H', logprob: -0.015625, bytes: [72] }],
          },
        ],
      },
    ],
  };
}

export function reasoningItem(id: string, text: string): ResponseReasoningItem {
  return {
    id,
    type: 'reasoning',
    summary: [{ type: 'summary_text', text }],
    content: [{ type: 'reasoning_text', text }],
    encrypted_content: encodeReasoningEnvelope({
      format: 'thinking_blocks',
      blocks: [
        { type: 'thinking', thinking: text, signature: 'EqQBCkgIARABGAIiQL+sig==' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3redacted' },
      ],
    }),
    status: 'completed',
  };
}

export function functionCall(id: string, callId: string): ResponseFunctionToolCall {
  return {
    id,
    type: 'function_call',
    call_id: callId,
    name: 'get_weather',
    arguments: '{"city":"Zürich","units":"metric","nested":{"list":[1,2.5,null,true]}}',
    status: 'completed',
  };
}

/**
 * A record with one item of each kind: two input items of an earlier turn, two of this turn, three
 * output items.
 */
export function fullRecord(id: string, owner = 'owner-a'): StoredResponse {
  return storedResponse({
    id,
    owner,
    earlier: [
      userMessage(`msg_earlier_${id}`, 'Hello'),
      assistantMessage(`msg_reply_${id}`, 'Hi!'),
    ],
    input: [
      userMessage(`msg_in_${id}`, 'What is the weather in Zürich? 🌦'),
      functionCallOutput(id),
    ],
    output: [
      reasoningItem(`rs_${id}`, 'The user wants the weather.\nCall the tool.'),
      functionCall(`fc_${id}`, `call_${id}`),
      assistantMessage(`msg_${id}`, 'Here is the weather: 21 °C.'),
    ],
  });
}

function functionCallOutput(id: string): ResponseItem {
  return {
    id: `fco_${id}`,
    type: 'function_call_output',
    call_id: `call_prev_${id}`,
    output: '{"temperature":21}',
    status: 'completed',
  };
}

/** Every item a record brought with an id, this turn's input first, as a store finds them. */
export function itemsOf(record: StoredResponse): Array<{ id: string; item: ResponseItem }> {
  const brought = record.input.slice(record.turnStart);
  return [...brought, ...(record.response.output as ResponseItem[])].flatMap((item) =>
    'id' in item && typeof item.id === 'string' ? [{ id: item.id, item }] : [],
  );
}
