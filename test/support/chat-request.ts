/**
 * What the bridge sends a Chat Completions server, typed as it is on the wire: OpenAI's request,
 * plus the dialect fields it sends back (reasoning in the field it arrived in, Gemini thought
 * signatures on the tool calls), and accessors that check a message is the one a test expects.
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { expect } from 'vitest';
import type { ReasoningDetail, ThinkingBlock } from '../../src/core/reasoning-envelope';

/** A tool call sent back, with its Gemini thought signature in Gemini's or LiteLLM's field. */
export interface SentToolCall extends ChatCompletionMessageFunctionToolCall {
  extra_content?: { google?: { thought_signature?: string } };
  provider_specific_fields?: { thought_signature?: string };
}

/** An assistant message sent back, its reasoning in the dialect it arrived in. */
export interface SentAssistantMessage
  extends Omit<ChatCompletionAssistantMessageParam, 'tool_calls'> {
  tool_calls?: SentToolCall[];
  /** DeepSeek, Qwen, xAI, vLLM; and reasoning of unknown origin. */
  reasoning_content?: string;
  /** Groq, Ollama, OpenRouter. */
  reasoning?: string;
  /** Anthropic through LiteLLM. */
  thinking_blocks?: ThinkingBlock[];
  /** OpenRouter, Snowflake. */
  reasoning_details?: ReasoningDetail[];
}

export type SentMessage =
  | Exclude<ChatCompletionMessageParam, ChatCompletionAssistantMessageParam>
  | SentAssistantMessage;

/** A Chat Completions request body as a server receives it from the bridge. */
export interface ChatRequestBody extends Omit<ChatCompletionCreateParamsBase, 'messages'> {
  messages: SentMessage[];
}

/** `message` as an assistant message, failing the test if it is not one. */
export function assistantMessage(message: SentMessage | undefined): SentAssistantMessage {
  if (message?.role !== 'assistant') {
    throw new Error(`Expected an assistant message, got ${JSON.stringify(message)}.`);
  }
  return message;
}

/** The tool call at `index` of an assistant message, failing the test if there is none. */
export function toolCallAt(message: SentAssistantMessage, index: number): SentToolCall {
  const call = message.tool_calls?.[index];
  expect(call, `tool_calls[${index}]`).toBeDefined();
  return call!;
}
