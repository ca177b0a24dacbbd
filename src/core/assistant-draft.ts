/**
 * The assistant message a run of assistant-side input items (an assistant message, tool calls,
 * reasoning) goes back as: one message holding every tool call of the turn.
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import type { ThoughtSignature } from './reasoning-envelope';
import { type ReasoningInput, toChatReasoning } from './to-chat-reasoning';

type AssistantMessage = ChatCompletionAssistantMessageParam & Record<string, unknown>;
type ToolCall = ChatCompletionMessageFunctionToolCall & Record<string, unknown>;

/** A tool call of the draft, and the Gemini thought signature its item carried, if any. */
export interface DraftToolCall {
  call: ToolCall;
  thoughtSignature: ThoughtSignature | undefined;
}

/** An assistant message being assembled from consecutive assistant-side items. */
export interface AssistantDraft {
  text: string[];
  refusal: string[];
  toolCalls: DraftToolCall[];
  reasoning: ReasoningInput[];
}

/** Adds an assistant message item's text and refusal parts to the draft. */
export function addAssistantContent(draft: AssistantDraft, content: unknown): void {
  if (typeof content === 'string') {
    draft.text.push(content);
    return;
  }
  for (const part of content as Array<Record<string, unknown>>) {
    if (part.type === 'output_text') draft.text.push(String(part.text));
    else if (part.type === 'refusal') draft.refusal.push(String(part.refusal));
  }
}

/**
 * The draft as one Chat Completions assistant message: its reasoning in the dialect it came in,
 * each tool call with its thought signature (from the item, else from the reasoning envelope).
 */
export function toAssistantMessage(draft: AssistantDraft): AssistantMessage {
  const text = draft.text.join('');
  const message: AssistantMessage = {
    role: 'assistant',
    content: draft.toolCalls.length > 0 ? text || null : text,
  };
  if (draft.refusal.length > 0) message.refusal = draft.refusal.join('');
  const replayed = draft.reasoning.length > 0 ? toChatReasoning(draft.reasoning) : undefined;
  if (replayed !== undefined) Object.assign(message, replayed.fields);
  if (draft.toolCalls.length > 0) {
    message.tool_calls = draft.toolCalls.map(({ call, thoughtSignature }) =>
      withThoughtSignature(call, thoughtSignature ?? replayed?.thoughtSignatures.get(call.id)),
    );
  }
  return message;
}

/** A Gemini thought signature goes back where it came from: Gemini's field, or LiteLLM's. */
function withThoughtSignature(call: ToolCall, signature: ThoughtSignature | undefined): ToolCall {
  if (signature === undefined) return call;
  if (signature.field === 'provider_specific_fields') {
    return { ...call, provider_specific_fields: { thought_signature: signature.signature } };
  }
  return { ...call, extra_content: { google: { thought_signature: signature.signature } } };
}
