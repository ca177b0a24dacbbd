/**
 * Responses `input` items → Chat Completions messages.
 *
 * Consecutive assistant-side items (an assistant message, function calls, reasoning) form one
 * assistant message, because Chat Completions wants every tool call of a turn on one message,
 * followed by its tool messages. Reasoning and Gemini thought signatures go back in the dialect
 * they arrived in (see `to-chat-reasoning.ts`).
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionContentPartText,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ResponseInputItem } from 'openai/resources/responses/responses';
import { ChatRequestError } from './chat-request-error';
import { decodeCompactionEnvelope, toCompactionMessage } from './compaction-envelope';
import { isRecord, nonEmptyString } from './read-chunk';
import type { ThoughtSignature } from './reasoning-envelope';
import { type ReasoningInput, toChatReasoning } from './to-chat-reasoning';
import { type ToolMap, upstreamToolName } from './to-chat-tools';

type AssistantMessage = ChatCompletionAssistantMessageParam & Record<string, unknown>;
type ToolCall = ChatCompletionMessageFunctionToolCall & Record<string, unknown>;
type Item = Record<string, unknown>;

/** An assistant message being assembled from consecutive assistant-side items. */
interface AssistantDraft {
  text: string[];
  refusal: string[];
  toolCalls: Array<{ call: ToolCall; thoughtSignature: ThoughtSignature | undefined }>;
  reasoning: ReasoningInput[];
}

export interface ToChatMessagesOptions {
  /** The request's tools: calls of namespaced and custom tools go back under their upstream names. */
  tools?: ToolMap;
  /**
   * Outputs with images or files become tool messages of content parts, for servers that take
   * them (LiteLLM to Anthropic). Default: text only, and other parts are an error.
   */
  multiPartToolOutputs?: boolean;
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
    if (draft !== undefined) messages.push(assistantMessage(draft));
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
      case 'function_call': {
        const name = String(item.name);
        const namespace = typeof item.namespace === 'string' ? item.namespace : undefined;
        openDraft().toolCalls.push({
          call: {
            id: String(item.call_id),
            type: 'function',
            function: {
              name:
                upstreamToolName(tools, name, namespace, 'function') ??
                (namespace !== undefined ? `${namespace}__${name}` : name),
              arguments: String(item.arguments),
            },
          },
          thoughtSignature: readItemThoughtSignature(item),
        });
        break;
      }
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
      case 'custom_tool_call': {
        // A custom tool is a function of one string parameter upstream (see to-chat-tools.ts).
        const name = String(item.name);
        const namespace = typeof item.namespace === 'string' ? item.namespace : undefined;
        openDraft().toolCalls.push({
          call: {
            id: String(item.call_id),
            type: 'function',
            function: {
              name:
                upstreamToolName(tools, name, namespace, 'custom') ??
                (namespace !== undefined ? `${namespace}__${name}` : name),
              arguments: JSON.stringify({ input: String(item.input) }),
            },
          },
          thoughtSignature: undefined,
        });
        break;
      }
      case 'tool_search_call':
        openDraft().toolCalls.push({
          call: {
            id: String(item.call_id),
            type: 'function',
            function: { name: 'tool_search', arguments: JSON.stringify(item.arguments ?? {}) },
          },
          thoughtSignature: undefined,
        });
        break;
      case 'tool_search_output':
        flush();
        messages.push({
          role: 'tool',
          tool_call_id: String(item.call_id),
          content: toolSearchResult(item.tools),
        });
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
      case 'function_call_output':
      case 'custom_tool_call_output':
        flush();
        messages.push({
          role: 'tool',
          tool_call_id: String(item.call_id),
          content:
            typeof item.output === 'string'
              ? item.output
              : options.multiPartToolOutputs
                ? toolOutputParts(item.output as Item[], `${param}.output`)
                : toolOutputText(item.output as unknown[], `${param}.output`),
        });
        break;
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

/** What a client-executed tool search found, as the tool message the model reads. */
function toolSearchResult(tools: unknown): string {
  const found = (Array.isArray(tools) ? tools : []).flatMap((tool): unknown[] => {
    if (!isRecord(tool)) return [];
    const members = tool.type === 'namespace' && Array.isArray(tool.tools) ? tool.tools : [tool];
    return members.flatMap((member) =>
      isRecord(member)
        ? [
            {
              name: member.name,
              ...(tool.type === 'namespace' ? { namespace: tool.name } : {}),
              ...(typeof member.description === 'string'
                ? { description: member.description }
                : {}),
            },
          ]
        : [],
    );
  });
  return JSON.stringify({ loaded_tools: found });
}

/** Why an item type has no Chat Completions equivalent, for the error message. */
function unsupportedItemReason(type: string): string {
  if (type === 'item_reference') {
    return 'a reference is resolved from stored responses, which this converter does not have; send the item itself';
  }
  return 'this server forwards requests to a Chat Completions backend, which knows only messages, function calls, their outputs and reasoning';
}

function assistantMessage(draft: AssistantDraft): AssistantMessage {
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

/**
 * The thought signature the core puts on a function call item: Gemini's own field
 * (`extra_content.google.thought_signature`) when it came that way, else the shape
 * openai-agents-python uses (`provider_specific_fields.google.thought_signature`), which goes
 * back in LiteLLM's field.
 */
function readItemThoughtSignature(item: Item): ThoughtSignature | undefined {
  const fromGemini = googleSignature(item.extra_content);
  if (fromGemini !== undefined) return { signature: fromGemini, field: 'extra_content' };
  const fields = item.provider_specific_fields;
  const fromFields =
    googleSignature(fields) ??
    (isRecord(fields) ? nonEmptyString(fields.thought_signature) : undefined);
  if (fromFields !== undefined) return { signature: fromFields, field: 'provider_specific_fields' };
  return undefined;
}

function googleSignature(holder: unknown): string | undefined {
  if (!isRecord(holder) || !isRecord(holder.google)) return undefined;
  return nonEmptyString(holder.google.thought_signature);
}

function addAssistantContent(draft: AssistantDraft, content: unknown): void {
  if (typeof content === 'string') {
    draft.text.push(content);
    return;
  }
  for (const part of content as Item[]) {
    if (part.type === 'output_text') draft.text.push(String(part.text));
    else if (part.type === 'refusal') draft.refusal.push(String(part.refusal));
  }
}

function toChatMessage(item: Item, param: string): ChatCompletionMessageParam {
  const content = item.content as string | Item[];
  if (item.role === 'user') {
    if (typeof content === 'string') return { role: 'user', content };
    const parts = content.map((part, index) => toChatPart(part, `${param}.content[${index}]`));
    const [first] = parts;
    // A lone text part as a plain string: what every backend accepts.
    if (parts.length === 1 && first?.type === 'text') return { role: 'user', content: first.text };
    return { role: 'user', content: parts };
  }
  // `developer` is OpenAI's newer name for `system`; most other backends know only `system`.
  // Every backend takes a string here; not all take a list of parts (chat templates).
  if (typeof content === 'string') return { role: 'system', content };
  return { role: 'system', content: content.map((part) => String(part.text)).join('') };
}

function toChatPart(part: Item, param: string): ChatCompletionContentPart {
  switch (part.type) {
    case 'input_text':
      return { type: 'text', text: String(part.text) };
    case 'input_image': {
      const imageUrl = nonEmptyString(part.image_url);
      if (imageUrl === undefined && nonEmptyString(part.file_id) !== undefined) {
        throw new ChatRequestError(
          'Images given by file_id are not supported: this server has no file store and Chat Completions takes images by URL. Send image_url (a URL or a data URL).',
          `${param}.file_id`,
          'unsupported_value',
        );
      }
      if (imageUrl === undefined) {
        throw new ChatRequestError(
          `Missing required parameter: '${param}.image_url'.`,
          `${param}.image_url`,
          'missing_required_parameter',
        );
      }
      // Chat Completions has no `original` detail; `high` is the closest (full resolution).
      const detail = part.detail === 'original' ? 'high' : part.detail;
      return {
        type: 'image_url',
        image_url: {
          url: imageUrl,
          ...(detail === 'auto' || detail === 'low' || detail === 'high' ? { detail } : {}),
        },
      };
    }
    case 'input_file': {
      const fileData = typeof part.file_data === 'string' ? part.file_data : undefined;
      const fileId = nonEmptyString(part.file_id);
      if (fileData === undefined && fileId === undefined) {
        if (part.file_url === undefined) {
          throw new ChatRequestError(
            `Missing required parameter: '${param}.file_data'.`,
            `${param}.file_data`,
            'missing_required_parameter',
          );
        }
        throw new ChatRequestError(
          'Files given by file_url are not supported: Chat Completions takes files as file_data or file_id.',
          `${param}.file_url`,
          'unsupported_value',
        );
      }
      return {
        type: 'file',
        file: {
          ...(fileData !== undefined ? { file_data: fileData } : {}),
          ...(fileId !== undefined ? { file_id: fileId } : {}),
          ...(typeof part.filename === 'string' ? { filename: part.filename } : {}),
        },
      };
    }
    default: {
      const audio = part.input_audio as { data: string; format: 'mp3' | 'wav' };
      return { type: 'input_audio', input_audio: { data: audio.data, format: audio.format } };
    }
  }
}

/** The parts of an output as they are, for servers whose tool messages take images and files. */
function toolOutputParts(parts: Item[], param: string): ChatCompletionContentPartText[] {
  // OpenAI's types allow text parts only; the servers this is for take the others too.
  return parts.map((part, index) =>
    toChatPart(part, `${param}[${index}]`),
  ) as ChatCompletionContentPartText[];
}

/**
 * Chat Completions tool messages hold text only, and as a string is how every backend takes it;
 * the parts are concatenated, as the model reads them.
 */
function toolOutputText(parts: unknown[], param: string): string {
  return parts
    .map((value, index) => {
      const part = value as Item;
      if (part.type !== 'input_text') {
        throw new ChatRequestError(
          `Function call outputs with ${String(part.type)} parts are not supported: Chat Completions tool messages hold text only.`,
          `${param}[${index}].type`,
          'unsupported_value',
        );
      }
      return String(part.text);
    })
    .join('');
}
