/**
 * AI SDK prompt → Responses input items, the way `@ai-sdk/openai` builds its Responses input:
 * system, user and assistant messages, reasoning items, function calls and their outputs. The
 * replay data this provider put in part metadata (a reasoning item's envelope, a call's thought
 * signature) becomes the item fields it came from, and the core sends it back upstream in the
 * provider's dialect.
 */
import {
  type LanguageModelV4FilePart,
  type LanguageModelV4Message,
  type LanguageModelV4Prompt,
  type LanguageModelV4TextPart,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { secureJsonParse, stringifyWithBigIntAndCycles } from '@ai-sdk/provider-utils';
import type { ResponseInputContent, ResponseInputItem } from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import type { ReasoningMetadata, ToolCallMetadata } from './part-metadata';
import { toInputContent } from './to-input-content';
import { toToolResult } from './to-tool-result';

export interface ToResponsesInputOptions {
  /** Key of this provider's metadata in `providerOptions`. */
  metadataKey: string;
  /** Send reasoning of earlier turns back (default true). */
  sendReasoning: boolean;
  /** Tool results' images and files stay in the function call output, as parts. */
  multiPartToolContent: boolean;
}

type AssistantContent = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'];
type ToolCallPart = Extract<AssistantContent[number], { type: 'tool-call' }>;

export function toResponsesInput(
  prompt: LanguageModelV4Prompt,
  options: ToResponsesInputOptions,
): { input: ResponseInputItem[]; warnings: SharedV4Warning[] } {
  const input: ResponseInputItem[] = [];
  const warnings: SharedV4Warning[] = [];
  /** Calls of custom tools: their results go back as custom tool call outputs. */
  const customCalls = new Set<string>();
  /** Images and files of tool results, for the user message after the tool messages. */
  let attachments: ResponseInputContent[] = [];
  const flushAttachments = () => {
    if (attachments.length > 0) input.push({ type: 'message', role: 'user', content: attachments });
    attachments = [];
  };
  for (const message of prompt) {
    // Chat Completions wants a turn's tool messages right after its calls: the files go after.
    if (message.role !== 'tool') flushAttachments();
    switch (message.role) {
      case 'system':
        input.push({ type: 'message', role: 'system', content: message.content });
        break;
      case 'user':
        input.push(toUserMessage(message.content));
        break;
      case 'assistant':
        input.push(...toAssistantItems(message.content, options, warnings, customCalls));
        break;
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          const result = toToolResult(
            part.toolCallId,
            part.output,
            options.multiPartToolContent,
            warnings,
          );
          input.push({
            type: customCalls.has(part.toolCallId)
              ? 'custom_tool_call_output'
              : 'function_call_output',
            call_id: part.toolCallId,
            output: result.output,
          } as ResponseInputItem);
          attachments.push(...result.attachments);
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
  flushAttachments();
  return { input, warnings };
}

function toUserMessage(
  content: Array<LanguageModelV4TextPart | LanguageModelV4FilePart>,
): ResponseInputItem {
  const [first] = content;
  if (content.length === 1 && first?.type === 'text') {
    return { type: 'message', role: 'user', content: first.text };
  }
  return { type: 'message', role: 'user', content: content.map(toInputContent) };
}

/**
 * One assistant message becomes its reasoning items, one message with all its text, then its
 * function calls: the core makes them one Chat Completions assistant message again.
 */
function toAssistantItems(
  content: AssistantContent,
  options: ToResponsesInputOptions,
  warnings: SharedV4Warning[],
  customCalls: Set<string>,
): ResponseInputItem[] {
  const reasoning: ResponseInputItem[] = [];
  const calls: ResponseInputItem[] = [];
  let text = '';
  for (const part of content) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'reasoning': {
        if (!options.sendReasoning) break;
        const metadata = (part.providerOptions?.[options.metadataKey] ?? {}) as ReasoningMetadata;
        if (part.text === '' && !metadata.encryptedContent) break;
        reasoning.push({
          type: 'reasoning',
          id: metadata.itemId ?? '',
          summary: part.text === '' ? [] : [{ type: 'summary_text', text: part.text }],
          ...(metadata.encryptedContent ? { encrypted_content: metadata.encryptedContent } : {}),
        });
        break;
      }
      case 'tool-call':
        // Provider-executed tools ran on another provider's side: nothing to replay here.
        if (part.providerExecuted) break;
        calls.push(toCallItem(part, options.metadataKey, customCalls));
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
  // Always a message item, even without text: it keeps this message apart from the one before.
  const message = {
    type: 'message',
    role: 'assistant',
    content: [{ type: 'output_text', text }],
  } as ResponseInputItem;
  return [...reasoning, message, ...calls];
}

function toCallItem(
  part: ToolCallPart,
  metadataKey: string,
  customCalls: Set<string>,
): ResponseInputItem {
  const metadata = (part.providerOptions?.[metadataKey] ?? {}) as ToolCallMetadata;
  if (metadata.customTool) {
    customCalls.add(part.toolCallId);
    return {
      type: 'custom_tool_call',
      call_id: part.toolCallId,
      name: part.toolName,
      input: typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? ''),
    };
  }
  // A call first made through @ai-sdk/google or @ai-sdk/openai-compatible keeps its signature there.
  const thoughtSignature =
    metadata.thoughtSignature ??
    (part.providerOptions?.google?.thoughtSignature as string | undefined);
  const call: ResponseFunctionToolCallWithSignature = {
    type: 'function_call',
    call_id: part.toolCallId,
    name: part.toolName,
    arguments: serializeArguments(part.input),
  };
  if (thoughtSignature) {
    const google = { thought_signature: thoughtSignature };
    call.provider_specific_fields = { google };
    if (metadata.thoughtSignatureField !== 'provider_specific_fields') {
      call.extra_content = { google: { ...google } };
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
