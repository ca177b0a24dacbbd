/**
 * Responses `input` items → Chat Completions messages.
 *
 * Consecutive assistant-side items (an assistant message, function calls, reasoning) form one
 * assistant message, because Chat Completions wants every tool call of a turn on one message,
 * followed by its tool messages. Reasoning goes back as `reasoning_content` (DeepSeek requires it
 * on tool-call turns; vLLM, Qwen and LiteLLM read it), and a Gemini thought signature goes back
 * on its tool call as `extra_content.google.thought_signature`, as Gemini's endpoint expects.
 */
import type {
  ChatCompletionAssistantMessageParam,
  ChatCompletionContentPart,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { z } from 'zod/v4';
import { invalidRequest, missingParameter, parseWith, unsupported } from './responses-errors';

type AssistantMessage = ChatCompletionAssistantMessageParam & { reasoning_content?: string };
type ToolCall = ChatCompletionMessageFunctionToolCall & {
  extra_content?: { google: { thought_signature: string } };
};

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.enum(['auto', 'low', 'high', 'original']).nullish(),
});
const inputFile = z.object({
  type: z.literal('input_file'),
  file_data: z.string().optional(),
  file_id: z.string().nullish(),
  file_url: z.string().optional(),
  filename: z.string().optional(),
});
const inputAudio = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.enum(['mp3', 'wav']) }),
});
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const messageItem = z.object({
  role: z.enum(['user', 'system', 'developer', 'assistant']),
  content: z.union([z.string(), z.array(z.unknown())]),
});
const functionCallItem = z.object({
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const functionCallOutputItem = z.object({
  call_id: z.string(),
  output: z.union([z.string(), z.array(z.unknown())]),
});
const reasoningItem = z.object({
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })).default([]),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
});

/** Part types allowed in a message of each role, as the Responses API allows them. */
const partTypesByRole = {
  user: ['input_text', 'input_image', 'input_file', 'input_audio'],
  system: ['input_text'],
  developer: ['input_text'],
  assistant: ['output_text', 'refusal'],
} as const;

/** Why an item type has no Chat Completions equivalent, for the error message. */
function unsupportedItemReason(type: string): string {
  if (type === 'item_reference') {
    return 'this server stores no items; send the item itself instead of a reference';
  }
  return 'this server forwards requests to a Chat Completions backend, which knows only messages, function calls, their outputs and reasoning';
}

/** An assistant message being assembled from consecutive assistant-side items. */
interface AssistantDraft {
  text: string[];
  refusal: string[];
  toolCalls: ToolCall[];
  reasoning: string[];
}

export function convertInput(
  input: unknown,
  instructions: string | null | undefined,
): ChatCompletionMessageParam[] {
  const messages: ChatCompletionMessageParam[] = [];
  if (instructions) messages.push({ role: 'system', content: instructions });
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return messages;
  }
  if (!Array.isArray(input)) {
    throw invalidRequest(
      "Invalid type for 'input': expected a string or an array of input items.",
      'input',
      'invalid_type',
    );
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

  input.forEach((item: unknown, index) => {
    const param = `input[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalidRequest(
        `Invalid type for '${param}': expected an input item object.`,
        param,
        'invalid_type',
      );
    }
    const record = item as Record<string, unknown>;
    // Easy input messages may leave out `type`.
    const type = record.type ?? ('role' in record ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const message = parseWith(messageItem, record, param);
        if (message.role !== 'assistant') {
          flush();
          messages.push(convertMessage(message.role, message.content, param));
          break;
        }
        // A second assistant message is a new message; its text does not join the last one.
        if (draft !== undefined && (draft.text.length > 0 || draft.refusal.length > 0)) flush();
        addAssistantContent(openDraft(), message.content, param);
        break;
      }
      case 'function_call': {
        const call = parseWith(functionCallItem, record, param);
        const toolCall: ToolCall = {
          id: call.call_id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        };
        const thoughtSignature = readThoughtSignature(record);
        if (thoughtSignature !== undefined) {
          toolCall.extra_content = { google: { thought_signature: thoughtSignature } };
        }
        openDraft().toolCalls.push(toolCall);
        break;
      }
      case 'reasoning': {
        const reasoning = parseWith(reasoningItem, record, param);
        // Reasoning after an answer belongs to the next message; after tool calls it stays on
        // the same one, so that every call of the turn remains on a single message.
        if (
          draft !== undefined &&
          draft.toolCalls.length === 0 &&
          (draft.text.length > 0 || draft.refusal.length > 0)
        ) {
          flush();
        }
        const content = (reasoning.content ?? []).map((part) => part.text).join('\n\n');
        const text = content || reasoning.summary.map((part) => part.text).join('\n\n');
        // `encrypted_content` is opaque to every Chat Completions backend: it is not sent.
        if (text) openDraft().reasoning.push(text);
        break;
      }
      case 'function_call_output': {
        const output = parseWith(functionCallOutputItem, record, param);
        flush();
        messages.push({
          role: 'tool',
          tool_call_id: output.call_id,
          content:
            typeof output.output === 'string'
              ? output.output
              : toolOutputText(output.output, `${param}.output`),
        });
        break;
      }
      default:
        throw unsupported(
          `Input items of type '${String(type)}' are not supported: ${unsupportedItemReason(String(type))}.`,
          `${param}.type`,
          'unsupported_value',
        );
    }
  });
  flush();
  return messages;
}

function assistantMessage(draft: AssistantDraft): AssistantMessage {
  const text = draft.text.join('');
  const message: AssistantMessage = {
    role: 'assistant',
    content: draft.toolCalls.length > 0 ? text || null : text,
  };
  if (draft.refusal.length > 0) message.refusal = draft.refusal.join('');
  if (draft.reasoning.length > 0) message.reasoning_content = draft.reasoning.join('\n\n');
  if (draft.toolCalls.length > 0) message.tool_calls = draft.toolCalls;
  return message;
}

function addAssistantContent(draft: AssistantDraft, content: string | unknown[], param: string) {
  if (typeof content === 'string') {
    draft.text.push(content);
    return;
  }
  content.forEach((part, index) => {
    const partParam = `${param}.content[${index}]`;
    const type = partType(part, partParam, partTypesByRole.assistant);
    if (type === 'output_text') draft.text.push(parseWith(outputText, part, partParam).text);
    else draft.refusal.push(parseWith(refusal, part, partParam).refusal);
  });
}

function convertMessage(
  role: 'user' | 'system' | 'developer',
  content: string | unknown[],
  param: string,
): ChatCompletionMessageParam {
  if (role === 'user') {
    if (typeof content === 'string') return { role: 'user', content };
    const parts = content.map((part, index) => convertUserPart(part, `${param}.content[${index}]`));
    const [first] = parts;
    // A lone text part as a plain string: what every backend accepts.
    if (parts.length === 1 && first?.type === 'text') return { role: 'user', content: first.text };
    return { role: 'user', content: parts };
  }
  // `developer` is OpenAI's newer name for `system`; most other backends know only `system`.
  if (typeof content === 'string') return { role: 'system', content };
  // Every backend takes a string here; not all take a list of parts (chat templates).
  const text = content
    .map((part, index) => {
      const partParam = `${param}.content[${index}]`;
      partType(part, partParam, partTypesByRole[role]);
      return parseWith(inputText, part, partParam).text;
    })
    .join('');
  return { role: 'system', content: text };
}

function convertUserPart(part: unknown, param: string): ChatCompletionContentPart {
  switch (partType(part, param, partTypesByRole.user)) {
    case 'input_text':
      return { type: 'text', text: parseWith(inputText, part, param).text };
    case 'input_image': {
      const image = parseWith(inputImage, part, param);
      if (!image.image_url && image.file_id) {
        throw unsupported(
          'Images given by file_id are not supported: this server has no file store and Chat Completions takes images by URL. Send image_url (a URL or a data URL).',
          `${param}.file_id`,
          'unsupported_value',
        );
      }
      if (!image.image_url) throw missingParameter(`${param}.image_url`);
      // Chat Completions has no `original` detail; `high` is the closest (full resolution).
      const detail = image.detail === 'original' ? 'high' : image.detail;
      return {
        type: 'image_url',
        image_url: { url: image.image_url, ...(detail ? { detail } : {}) },
      };
    }
    case 'input_file': {
      const file = parseWith(inputFile, part, param);
      if (file.file_data === undefined && !file.file_id) {
        if (file.file_url === undefined) throw missingParameter(`${param}.file_data`);
        throw unsupported(
          'Files given by file_url are not supported: Chat Completions takes files as file_data or file_id.',
          `${param}.file_url`,
          'unsupported_value',
        );
      }
      return {
        type: 'file',
        file: {
          ...(file.file_data !== undefined ? { file_data: file.file_data } : {}),
          ...(file.file_id ? { file_id: file.file_id } : {}),
          ...(file.filename !== undefined ? { filename: file.filename } : {}),
        },
      };
    }
    default: {
      const audio = parseWith(inputAudio, part, param);
      return { type: 'input_audio', input_audio: audio.input_audio };
    }
  }
}

/**
 * Chat Completions tool messages hold text only, and as a string is how every backend takes it;
 * the parts are concatenated, as the model reads them.
 */
function toolOutputText(parts: unknown[], param: string): string {
  return parts
    .map((part, index) => {
      const partParam = `${param}[${index}]`;
      const type = partType(part, partParam, ['input_text', 'input_image', 'input_file']);
      if (type !== 'input_text') {
        throw unsupported(
          `Function call outputs with ${type} parts are not supported: Chat Completions tool messages hold text only.`,
          `${partParam}.type`,
          'unsupported_value',
        );
      }
      return parseWith(inputText, part, partParam).text;
    })
    .join('');
}

/** The part's `type`, checked against the types its message may hold. */
function partType<T extends string>(part: unknown, param: string, allowed: readonly T[]): T {
  const type =
    typeof part === 'object' && part !== null ? (part as { type?: unknown }).type : undefined;
  if (typeof type !== 'string') throw missingParameter(`${param}.type`);
  if (!(allowed as readonly string[]).includes(type)) {
    throw invalidRequest(
      `Invalid value: '${type}'. Supported values are: ${allowed.map((t) => `'${t}'`).join(', ')}.`,
      `${param}.type`,
      'invalid_value',
    );
  }
  return type as T;
}

/**
 * The thought signature this library puts on a function call item
 * (`provider_specific_fields.google.thought_signature`), or Gemini's own field.
 */
function readThoughtSignature(item: Record<string, unknown>): string | undefined {
  for (const holder of [item.provider_specific_fields, item.extra_content]) {
    if (typeof holder !== 'object' || holder === null) continue;
    const google = (holder as { google?: unknown }).google;
    if (typeof google !== 'object' || google === null) continue;
    const signature = (google as { thought_signature?: unknown }).thought_signature;
    if (typeof signature === 'string' && signature !== '') return signature;
  }
  return undefined;
}
