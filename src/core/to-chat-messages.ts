/**
 * Responses `input` items → Chat Completions messages.
 *
 * Consecutive assistant-side items (an assistant message, function calls, reasoning) form one
 * assistant message, because Chat Completions wants every tool call of a turn on one message,
 * followed by its tool messages. Reasoning and Gemini thought signatures go back in the dialect
 * they arrived in (see `to-chat-reasoning.ts`).
 */
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { type AssistantDraft, addAssistantContent, toAssistantMessage } from './assistant-draft';
import { ChatRequestError } from './chat-request-error';
import { decodeCompactionEnvelope, toCompactionMessage } from './compaction-envelope';
import { toChatMessage } from './to-chat-message';
import type { ReasoningInput } from './to-chat-reasoning';
import { toChatToolMessage } from './to-chat-tool-message';
import type { ToolMap } from './to-chat-tools';
import { toDraftToolCall } from './to-draft-tool-call';

type Item = Record<string, unknown>;

/** What `toChatMessages` needs besides the input. */
export interface ToChatMessagesOptions {
  /** The request's tools: calls of namespaced and custom tools go back under their upstream names. */
  tools?: ToolMap;
}

/** Items of hosted tools (web search, file search, …): a chat backend has nothing to replay. */
const hostedItemTypes = new Set([
  'web_search_call',
  'file_search_call',
  'code_interpreter_call',
  'image_generation_call',
  'computer_call',
  'computer_call_output',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
]);

/**
 * The chat messages of a Responses `input` (a string is one user message), after a system message
 * of `instructions`. Throws `ChatRequestError` for an item a chat backend has no equivalent for.
 */
export function toChatMessages(
  input: string | readonly ResponseInputItem[],
  instructions: string | null | undefined,
  options: ToChatMessagesOptions = {},
): ChatCompletionMessageParam[] {
  const tools: ToolMap = options.tools ?? new Map();
  const messages: ChatCompletionMessageParam[] = [];
  if (instructions) messages.push({ role: 'system', content: instructions });
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return messages;
  }
  let draft: AssistantDraft | undefined;
  const flush = () => {
    if (draft !== undefined) messages.push(toAssistantMessage(draft));
    draft = undefined;
  };
  const openDraft = (): AssistantDraft => {
    draft ??= { text: [], refusal: [], toolCalls: [], reasoning: [] };
    return draft;
  };

  input.forEach((value, index) => {
    const param = `input[${index}]`;
    const item = value as unknown as Item;
    // Easy input messages may leave out `type`.
    const type = item.type ?? ('role' in item ? 'message' : undefined);
    switch (type) {
      case 'message': {
        if (item.role !== 'assistant') {
          flush();
          messages.push(toChatMessage(item, param));
          break;
        }
        // A second assistant message is a new message; its text does not join the last one.
        if (draft !== undefined && (draft.text.length > 0 || draft.refusal.length > 0)) flush();
        addAssistantContent(openDraft(), item.content);
        break;
      }
      case 'function_call':
      case 'custom_tool_call':
      case 'tool_search_call':
        openDraft().toolCalls.push(toDraftToolCall(item, tools));
        break;
      case 'reasoning': {
        // Reasoning after an answer belongs to the next message; after tool calls it stays on
        // the same one, so that every call of the turn remains on a single message.
        if (
          draft !== undefined &&
          draft.toolCalls.length === 0 &&
          (draft.text.length > 0 || draft.refusal.length > 0)
        ) {
          flush();
        }
        openDraft().reasoning.push(item as ReasoningInput);
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'tool_search_output':
        flush();
        messages.push(toChatToolMessage(item, param));
        break;
      case 'additional_tools':
        // Its tools joined the request's tools (see to-chat-request.ts).
        break;
      case 'compaction': {
        const envelope = decodeCompactionEnvelope(item.encrypted_content);
        if (envelope === undefined) {
          throw new ChatRequestError(
            'This compaction item was not made by this server: send back the output of its POST /v1/responses/compact unchanged.',
            `${param}.encrypted_content`,
            'invalid_encrypted_content',
          );
        }
        flush();
        messages.push(toCompactionMessage(envelope));
        break;
      }
      default:
        if (hostedItemTypes.has(String(type))) break;
        throw new ChatRequestError(
          `Input items of type '${String(type)}' are not supported: ${unsupportedItemReason(String(type))}.`,
          `${param}.type`,
          'unsupported_value',
        );
    }
  });
  flush();
  return messages;
}

/** Why an item type has no Chat Completions equivalent, for the error message. */
function unsupportedItemReason(type: string): string {
  if (type === 'item_reference') {
    return 'a reference is resolved from stored responses, which this converter does not have; send the item itself';
  }
  return 'this server forwards requests to a Chat Completions backend, which knows only messages, function calls, their outputs and reasoning';
}
