/**
 * What the AI SDK layer needs to know about the raw chunks besides the Responses events: the
 * dialect reasoning and thought signatures arrived in (so that they can be sent back in it), the
 * raw finish reason and usage, and the error that ended the stream. Reading them costs a few
 * property look-ups per chunk.
 */
import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';
import { isRecord } from '../core/read-chunk';

/** The field a provider streams its reasoning in, strongest first. */
export type ReasoningFormat =
  /** Anthropic through LiteLLM: `thinking_blocks: [{type: 'thinking', thinking, signature}]`. */
  | 'thinking_blocks'
  /** OpenRouter: `reasoning_details: [{type: 'reasoning.text' | 'reasoning.encrypted', …}]`. */
  | 'reasoning_details'
  /** DeepSeek, Qwen, xAI, Z.ai, vLLM, LiteLLM: `reasoning_content`. */
  | 'reasoning_content'
  /** Groq, Ollama, OpenRouter: `reasoning`. */
  | 'reasoning';

/** Where a tool call's Gemini thought signature sits. */
export type ThoughtSignatureField =
  /** Gemini's own OpenAI endpoint: `extra_content.google.thought_signature`. */
  | 'extra_content'
  /** LiteLLM: `provider_specific_fields.thought_signature`. */
  | 'provider_specific_fields';

export interface ReplayDialect {
  reasoningFormat: ReasoningFormat | undefined;
  /** OpenRouter's `format` of its reasoning details (`anthropic-claude-v1`, …). */
  reasoningDetailsFormat: string | undefined;
  thoughtSignatureField: ThoughtSignatureField | undefined;
}

const strength: Record<ReasoningFormat, number> = {
  thinking_blocks: 4,
  reasoning_details: 3,
  reasoning_content: 2,
  reasoning: 1,
};

type Message = Record<string, unknown>;

export class ChunkObserver {
  readonly dialect: ReplayDialect = {
    reasoningFormat: undefined,
    reasoningDetailsFormat: undefined,
    thoughtSignatureField: undefined,
  };
  /** The first finish reason the upstream sent, as sent. */
  finishReason: string | undefined;
  /** The last usage the upstream sent, as sent. */
  usage: Record<string, unknown> | undefined;
  /** What the chunk stream threw, if it did. */
  error: unknown;
  /** Whether the chunk stream threw. */
  failed = false;
  /** How many chunks arrived. */
  chunkCount = 0;

  /**
   * Passes the chunks through, noting what it needs on the way. What the stream throws is kept
   * as it is; the converter gets `redact(error)` instead, so its events carry no secret.
   */
  async *watch(
    chunks: AsyncIterable<ChatCompletionChunk>,
    redact: (error: unknown) => unknown = (error) => error,
  ): AsyncGenerator<ChatCompletionChunk, void, undefined> {
    try {
      for await (const chunk of chunks) {
        this.chunkCount++;
        this.observeChunk(chunk);
        yield chunk;
      }
    } catch (error) {
      this.error = error;
      this.failed = true;
      throw redact(error);
    }
  }

  observeChunk(chunk: ChatCompletionChunk): void {
    if (!isRecord(chunk)) return;
    if (isRecord(chunk.usage)) this.usage = chunk.usage;
    const choices: unknown = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) return;
    const choice: unknown = choices[0];
    if (!isRecord(choice)) return;
    if (this.finishReason === undefined && typeof choice.finish_reason === 'string') {
      this.finishReason = choice.finish_reason || undefined;
    }
    if (isRecord(choice.delta)) this.observeMessage(choice.delta);
  }

  observeCompletion(completion: ChatCompletion): void {
    if (!isRecord(completion)) return;
    if (isRecord(completion.usage)) this.usage = completion.usage;
    const choice: unknown = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
    if (!isRecord(choice)) return;
    if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
    if (isRecord(choice.message)) this.observeMessage(choice.message);
  }

  private observeMessage(message: Message): void {
    const dialect = this.dialect;
    if (dialect.reasoningFormat !== 'thinking_blocks') {
      if (Array.isArray(message.thinking_blocks) && message.thinking_blocks.length > 0) {
        this.noteReasoning('thinking_blocks');
      } else if (Array.isArray(message.reasoning_details) && message.reasoning_details.length > 0) {
        this.noteReasoning('reasoning_details');
        const detail: unknown = message.reasoning_details[0];
        if (isRecord(detail) && typeof detail.format === 'string') {
          dialect.reasoningDetailsFormat ??= detail.format;
        }
      } else if (typeof message.reasoning_content === 'string' && message.reasoning_content) {
        this.noteReasoning('reasoning_content');
      } else if (typeof message.reasoning === 'string' && message.reasoning) {
        this.noteReasoning('reasoning');
      }
    }
    // Gemini puts a signature on the message itself when it has no tool call to carry it
    // (fixture gemini-2.5-pro-tool-call-thought-signature).
    if (dialect.thoughtSignatureField === undefined && isRecord(message.extra_content)) {
      dialect.thoughtSignatureField = 'extra_content';
    }
    if (dialect.thoughtSignatureField === undefined && Array.isArray(message.tool_calls)) {
      for (const toolCall of message.tool_calls) {
        if (!isRecord(toolCall)) continue;
        if (isRecord(toolCall.extra_content)) dialect.thoughtSignatureField = 'extra_content';
        else if (isRecord(toolCall.provider_specific_fields)) {
          dialect.thoughtSignatureField = 'provider_specific_fields';
        }
      }
    }
  }

  private noteReasoning(format: ReasoningFormat): void {
    const current = this.dialect.reasoningFormat;
    if (current === undefined || strength[format] > strength[current]) {
      this.dialect.reasoningFormat = format;
    }
  }
}
