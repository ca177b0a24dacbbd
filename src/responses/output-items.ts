/**
 * The output items of a streamed response while they are open, and the final items they become.
 * Text is kept as a list of pieces and joined once, when its part closes, so that accumulating a
 * long stream stays linear in its length.
 */
import type {
  ResponseFunctionToolCall,
  ResponseOutputMessage,
  ResponseOutputRefusal,
  ResponseOutputText,
  ResponseReasoningItem,
} from 'openai/resources/responses/responses';
import type { UrlCitation } from './chunk-dialects';

export type ItemStatus = 'completed' | 'incomplete';

/** A function call item as this library emits it: Gemini's thought signature travels with it. */
export type ResponseFunctionToolCallWithSignature = ResponseFunctionToolCall & {
  /** The shape openai-agents-python uses to carry Gemini thought signatures. */
  provider_specific_fields?: { google: { thought_signature: string } };
};

export interface TextPartState {
  type: 'output_text';
  contentIndex: number;
  pieces: string[];
  annotations: UrlCitation[];
}

export interface RefusalPartState {
  type: 'refusal';
  contentIndex: number;
  pieces: string[];
}

export interface MessageState {
  type: 'message';
  itemId: string;
  outputIndex: number;
  /** Closed parts, final. */
  content: Array<ResponseOutputText | ResponseOutputRefusal>;
  openPart: TextPartState | RefusalPartState | undefined;
}

export interface ReasoningPartState {
  index: number;
  pieces: string[];
}

export interface ReasoningState {
  type: 'reasoning';
  itemId: string;
  outputIndex: number;
  summary: ResponseReasoningItem.Summary[];
  content: ResponseReasoningItem.Content[];
  openSummary: ReasoningPartState | undefined;
  openContent: ReasoningPartState | undefined;
  encryptedContent: string | undefined;
}

export interface FunctionCallState {
  type: 'function_call';
  /** Set when the item is added to the output, once its name and call id are known. */
  itemId: string | undefined;
  outputIndex: number;
  callId: string;
  name: string;
  argumentPieces: string[];
  thoughtSignature: string | undefined;
}

export type OpenItem = MessageState | ReasoningState | FunctionCallState;

export function emptyTextPart(): ResponseOutputText {
  return { type: 'output_text', annotations: [], logprobs: [], text: '' };
}

export function finalTextPart(part: TextPartState, text: string): ResponseOutputText {
  return { type: 'output_text', annotations: [...part.annotations], logprobs: [], text };
}

export function messageItem(
  message: MessageState,
  status: ResponseOutputMessage['status'],
): ResponseOutputMessage {
  return {
    id: message.itemId,
    type: 'message',
    status,
    role: 'assistant',
    content: status === 'in_progress' ? [] : message.content.map((part) => ({ ...part })),
  };
}

export function reasoningItem(
  reasoning: ReasoningState,
  status: NonNullable<ResponseReasoningItem['status']>,
): ResponseReasoningItem {
  const item: ResponseReasoningItem = {
    id: reasoning.itemId,
    type: 'reasoning',
    summary: status === 'in_progress' ? [] : reasoning.summary.map((part) => ({ ...part })),
    status,
  };
  if (status !== 'in_progress' && reasoning.content.length > 0) {
    item.content = reasoning.content.map((part) => ({ ...part }));
  }
  if (status !== 'in_progress' && reasoning.encryptedContent !== undefined) {
    item.encrypted_content = reasoning.encryptedContent;
  }
  return item;
}

export function functionCallItem(
  call: FunctionCallState,
  status: NonNullable<ResponseFunctionToolCall['status']>,
  args: string,
): ResponseFunctionToolCallWithSignature {
  const item: ResponseFunctionToolCallWithSignature = {
    id: call.itemId,
    type: 'function_call',
    status,
    arguments: args,
    call_id: call.callId,
    name: call.name,
  };
  if (call.thoughtSignature !== undefined) {
    item.provider_specific_fields = { google: { thought_signature: call.thoughtSignature } };
  }
  return item;
}
