/**
 * AI SDK prompt → Chat Completions messages. Earlier turns' reasoning, its signatures and Gemini
 * thought signatures go back in the dialect they arrived in (recorded in providerMetadata by
 * this provider), so that multi-step tool calling with thinking models keeps working:
 * - `thinking_blocks` with signatures (Anthropic through LiteLLM);
 * - `reasoning_details` (OpenRouter), verbatim text and signature or encrypted data;
 * - `reasoning_content` (DeepSeek's thinking mode requires it on tool-call turns; also the
 *   default for reasoning of unknown origin, as in `@ai-sdk/openai-compatible`);
 * - `reasoning` (Groq, Ollama);
 * - tool calls' `extra_content.google.thought_signature` (Gemini) or
 *   `provider_specific_fields.thought_signature` (LiteLLM).
 */
import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Message,
  type LanguageModelV4Prompt,
  type LanguageModelV4ReasoningPart,
  type LanguageModelV4TextPart,
  type LanguageModelV4ToolResultOutput,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  convertToBase64,
  getTopLevelMediaType,
  resolveFullMediaType,
  secureJsonParse,
  stringifyWithBigIntAndCycles,
} from '@ai-sdk/provider-utils';
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ReasoningMetadata, ToolCallMetadata } from './item-metadata';

export interface ConvertToChatMessagesOptions {
  /** Key of this provider's metadata in `providerOptions`. */
  metadataKey: string;
  /** Send reasoning of earlier turns back (default true). */
  sendReasoning: boolean;
}

/** Dialect fields of an assistant message that the openai types do not know. */
type AssistantMessage = ChatCompletionAssistantMessageParam & Record<string, unknown>;
type ToolCallParam = ChatCompletionMessageFunctionToolCall & Record<string, unknown>;

export function convertToChatMessages(
  prompt: LanguageModelV4Prompt,
  options: ConvertToChatMessagesOptions,
): { messages: ChatCompletionMessageParam[]; warnings: SharedV4Warning[] } {
  const messages: ChatCompletionMessageParam[] = [];
  const warnings: SharedV4Warning[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user':
        messages.push(convertUserMessage(message.content));
        break;
      case 'assistant':
        messages.push(convertAssistantMessage(message.content, options, warnings));
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          messages.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content: toolResultContent(part.output),
          });
        }
        break;
      default: {
        const role: never = message;
        throw new UnsupportedFunctionalityError({
          functionality: `message role ${(role as LanguageModelV4Message).role}`,
        });
      }
    }
  }
  return { messages, warnings };
}

function convertUserMessage(
  content: Array<LanguageModelV4TextPart | LanguageModelV4FilePart>,
): ChatCompletionMessageParam {
  const [first] = content;
  if (content.length === 1 && first?.type === 'text') return { role: 'user', content: first.text };
  return { role: 'user', content: content.map(convertUserPart) };
}

function convertUserPart(
  part: LanguageModelV4TextPart | LanguageModelV4FilePart,
): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  const data = part.data;
  const topLevel = getTopLevelMediaType(part.mediaType);
  if (data.type === 'text') {
    if (topLevel === 'text') return { type: 'text', text: data.text };
    throw new UnsupportedFunctionalityError({
      functionality: `text file parts of media type ${part.mediaType}`,
    });
  }
  if (data.type === 'reference') {
    throw new UnsupportedFunctionalityError({ functionality: 'provider file references' });
  }
  const dataUrl = () =>
    data.type === 'url'
      ? data.url.toString()
      : `data:${resolveFullMediaType({ part })};base64,${convertToBase64(data.data)}`;

  switch (topLevel) {
    case 'image':
      return { type: 'image_url', image_url: { url: dataUrl() } };
    case 'audio': {
      const mediaType = resolveFullMediaType({ part });
      const format =
        mediaType === 'audio/wav'
          ? 'wav'
          : mediaType === 'audio/mp3' || mediaType === 'audio/mpeg'
            ? 'mp3'
            : undefined;
      if (data.type === 'url' || format === undefined) {
        throw new UnsupportedFunctionalityError({
          functionality: `audio file parts ${data.type === 'url' ? 'given by URL' : `of media type ${mediaType}`}`,
        });
      }
      return { type: 'input_audio', input_audio: { data: convertToBase64(data.data), format } };
    }
    case 'text': {
      if (data.type === 'url') return { type: 'text', text: data.url.toString() };
      const bytes =
        typeof data.data === 'string' ? convertBase64ToUint8Array(data.data) : data.data;
      return { type: 'text', text: new TextDecoder().decode(bytes) };
    }
    case 'application': {
      const mediaType = resolveFullMediaType({ part });
      if (data.type === 'url' || mediaType !== 'application/pdf') {
        throw new UnsupportedFunctionalityError({
          functionality: `file parts ${data.type === 'url' ? 'given by URL' : `of media type ${mediaType}`}`,
        });
      }
      return {
        type: 'file',
        file: { filename: part.filename ?? 'document.pdf', file_data: dataUrl() },
      };
    }
    default:
      throw new UnsupportedFunctionalityError({
        functionality: `file parts of media type ${part.mediaType}`,
      });
  }
}

function convertAssistantMessage(
  content: Extract<LanguageModelV4Message, { role: 'assistant' }>['content'],
  options: ConvertToChatMessagesOptions,
  warnings: SharedV4Warning[],
): AssistantMessage {
  let text = '';
  const reasoningParts: LanguageModelV4ReasoningPart[] = [];
  const toolCalls: ToolCallParam[] = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning':
        reasoningParts.push(part);
        break;
      case 'tool-call':
        // Provider-executed tools ran on another provider's side: nothing to replay here.
        if (part.providerExecuted) break;
        toolCalls.push(convertToolCall(part, options.metadataKey));
        break;
      default:
        warnings.push({
          type: 'unsupported',
          feature: `assistant ${part.type} parts`,
          details: 'Chat Completions assistant messages carry only text, reasoning and tool calls.',
        });
        break;
    }
  }
  const message: AssistantMessage = {
    role: 'assistant',
    content: toolCalls.length > 0 ? text || null : text,
  };
  if (options.sendReasoning && reasoningParts.length > 0) {
    Object.assign(message, reasoningFields(reasoningParts, options.metadataKey));
  }
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return message;
}

function reasoningFields(
  parts: LanguageModelV4ReasoningPart[],
  metadataKey: string,
): Record<string, unknown> {
  const withMetadata = parts.map((part) => ({
    text: part.text,
    metadata: (part.providerOptions?.[metadataKey] ?? {}) as ReasoningMetadata,
  }));
  const format = withMetadata.find(({ metadata }) => metadata.reasoningFormat)?.metadata
    .reasoningFormat;
  const joined = withMetadata.map(({ text }) => text).join('');
  switch (format) {
    case 'thinking_blocks':
      return {
        thinking_blocks: withMetadata.map(({ text, metadata }) =>
          text === '' && metadata.encryptedContent
            ? { type: 'redacted_thinking', data: metadata.encryptedContent }
            : {
                type: 'thinking',
                thinking: text,
                ...(metadata.encryptedContent ? { signature: metadata.encryptedContent } : {}),
              },
        ),
      };
    case 'reasoning_details':
      return {
        reasoning_details: withMetadata.map(({ text, metadata }, index) => {
          const detailsFormat = metadata.reasoningDetailsFormat
            ? { format: metadata.reasoningDetailsFormat }
            : {};
          return text === '' && metadata.encryptedContent
            ? {
                type: 'reasoning.encrypted',
                data: metadata.encryptedContent,
                index,
                ...detailsFormat,
              }
            : {
                type: 'reasoning.text',
                text,
                ...(metadata.encryptedContent ? { signature: metadata.encryptedContent } : {}),
                index,
                ...detailsFormat,
              };
        }),
      };
    case 'reasoning':
      return joined ? { reasoning: joined } : {};
    default:
      return joined ? { reasoning_content: joined } : {};
  }
}

function convertToolCall(
  part: Extract<
    Extract<LanguageModelV4Message, { role: 'assistant' }>['content'][number],
    { type: 'tool-call' }
  >,
  metadataKey: string,
): ToolCallParam {
  const metadata = (part.providerOptions?.[metadataKey] ?? {}) as ToolCallMetadata;
  // A call first made through @ai-sdk/google or @ai-sdk/openai-compatible keeps its signature there.
  const thoughtSignature =
    metadata.thoughtSignature ??
    (part.providerOptions?.google?.thoughtSignature as string | undefined);
  const call: ToolCallParam = {
    id: part.toolCallId,
    type: 'function',
    function: { name: part.toolName, arguments: serializeArguments(part.input) },
  };
  if (thoughtSignature) {
    if (metadata.thoughtSignatureField === 'provider_specific_fields') {
      call.provider_specific_fields = { thought_signature: thoughtSignature };
    } else {
      call.extra_content = { google: { thought_signature: thoughtSignature } };
    }
  }
  return call;
}

function serializeArguments(input: unknown): string {
  if (typeof input === 'string') {
    try {
      secureJsonParse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return stringifyWithBigIntAndCycles(input ?? {});
}

function toolResultContent(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return stringifyWithBigIntAndCycles(output.value);
    case 'execution-denied':
      return output.reason ?? 'Tool call execution denied.';
    case 'content':
      // Chat Completions tool messages hold text only; text-only results read naturally.
      if (output.value.every((part) => part.type === 'text')) {
        return output.value.map((part) => (part as { text: string }).text).join('\n');
      }
      return stringifyWithBigIntAndCycles(output.value);
  }
}
