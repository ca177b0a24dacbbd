/**
 * LanguageModelV1 call options (ai 4) → V4. V1 is its own API: `maxTokens`, a `mode` that
 * carries the tools or the JSON schema, image parts, `args` and `result` in the prompt,
 * reasoning with a `signature` and redacted reasoning, and `providerMetadata` for options.
 */

import type {
  JSONObject,
  JSONValue,
  LanguageModelV4CallOptions,
  LanguageModelV4Message,
  LanguageModelV4ToolResultOutput,
  SharedV4ProviderOptions,
} from '@ai-sdk/provider';
import type {
  LanguageModelV1CallOptions,
  LanguageModelV1Message,
  LanguageModelV1ToolResultPart,
} from '@ai-sdk/provider-v1';
import type { ReasoningMetadata, ToolCallMetadata } from '../../ai-sdk/part-metadata';
import { toV4FileData } from '../to-v4-call-options';

/**
 * What V1 cannot carry between turns (it has no per-part provider metadata): the dialect of a
 * reasoning signature and a tool call's thought signature, remembered by signature and call id.
 */
export interface V1MetadataMemory {
  reasoning(signature: string): ReasoningMetadata | undefined;
  toolCall(toolCallId: string): ToolCallMetadata | undefined;
}

export function toV4CallOptionsFromV1(
  options: LanguageModelV1CallOptions,
  metadataKey: string,
  memory: V1MetadataMemory,
): LanguageModelV4CallOptions {
  const { mode } = options;
  const v4: LanguageModelV4CallOptions = {
    prompt: options.prompt.map((message) => toV4Message(message, metadataKey, memory)),
  };
  if (options.maxTokens !== undefined) v4.maxOutputTokens = options.maxTokens;
  if (options.temperature !== undefined) v4.temperature = options.temperature;
  if (options.stopSequences !== undefined) v4.stopSequences = options.stopSequences;
  if (options.topP !== undefined) v4.topP = options.topP;
  if (options.topK !== undefined) v4.topK = options.topK;
  if (options.presencePenalty !== undefined) v4.presencePenalty = options.presencePenalty;
  if (options.frequencyPenalty !== undefined) v4.frequencyPenalty = options.frequencyPenalty;
  if (options.responseFormat !== undefined) v4.responseFormat = options.responseFormat;
  if (options.seed !== undefined) v4.seed = options.seed;
  if (options.abortSignal !== undefined) v4.abortSignal = options.abortSignal;
  if (options.headers !== undefined) v4.headers = options.headers;
  if (options.providerMetadata !== undefined) {
    v4.providerOptions = options.providerMetadata as SharedV4ProviderOptions;
  }

  switch (mode.type) {
    case 'regular':
      if (mode.tools !== undefined) {
        v4.tools = mode.tools.map((tool) =>
          tool.type === 'function'
            ? {
                type: 'function' as const,
                name: tool.name,
                ...(tool.description !== undefined ? { description: tool.description } : {}),
                inputSchema: tool.parameters,
              }
            : { type: 'provider' as const, id: tool.id, name: tool.name, args: tool.args },
        );
      }
      if (mode.toolChoice !== undefined) v4.toolChoice = mode.toolChoice;
      break;
    case 'object-json':
      v4.responseFormat = {
        type: 'json',
        ...(mode.schema !== undefined ? { schema: mode.schema } : {}),
        ...(mode.name !== undefined ? { name: mode.name } : {}),
        ...(mode.description !== undefined ? { description: mode.description } : {}),
      };
      break;
    case 'object-tool':
      v4.tools = [
        {
          type: 'function',
          name: mode.tool.name,
          ...(mode.tool.description !== undefined ? { description: mode.tool.description } : {}),
          inputSchema: mode.tool.parameters,
        },
      ];
      v4.toolChoice = { type: 'tool', toolName: mode.tool.name };
      break;
  }
  return v4;
}

function withMetadata(
  providerMetadata: SharedV4ProviderOptions | undefined,
  metadataKey: string,
  remembered: ReasoningMetadata | ToolCallMetadata | undefined,
  extra: Record<string, string> = {},
): { providerOptions?: SharedV4ProviderOptions } {
  const own = providerMetadata?.[metadataKey];
  if (own === undefined && remembered === undefined && Object.keys(extra).length === 0) {
    return providerMetadata !== undefined ? { providerOptions: providerMetadata } : {};
  }
  return {
    providerOptions: {
      ...providerMetadata,
      [metadataKey]: { ...remembered, ...extra, ...own } as JSONObject,
    },
  };
}

function toV4Message(
  message: LanguageModelV1Message,
  metadataKey: string,
  memory: V1MetadataMemory,
): LanguageModelV4Message {
  const messageOptions =
    message.providerMetadata !== undefined
      ? { providerOptions: message.providerMetadata as SharedV4ProviderOptions }
      : {};
  switch (message.role) {
    case 'system':
      return { role: 'system', content: message.content, ...messageOptions };
    case 'user':
      return {
        role: 'user',
        ...messageOptions,
        content: message.content.map((part) => {
          switch (part.type) {
            case 'text':
              return { type: 'text', text: part.text };
            case 'image':
              return {
                type: 'file',
                mediaType: part.mimeType ?? 'image/*',
                data: toV4FileData(part.image),
              };
            default:
              return {
                type: 'file',
                mediaType: part.mimeType,
                data: toV4FileData(part.data),
                ...(part.filename !== undefined ? { filename: part.filename } : {}),
              };
          }
        }),
      };
    case 'assistant':
      return {
        role: 'assistant',
        ...messageOptions,
        content: message.content.flatMap((part): AssistantPart[] => {
          const partMetadata = part.providerMetadata as SharedV4ProviderOptions | undefined;
          switch (part.type) {
            case 'text':
              return [{ type: 'text' as const, text: part.text }];
            case 'reasoning':
              return [
                {
                  type: 'reasoning' as const,
                  text: part.text,
                  ...withMetadata(
                    partMetadata,
                    metadataKey,
                    part.signature !== undefined ? memory.reasoning(part.signature) : undefined,
                    part.signature !== undefined ? { encryptedContent: part.signature } : {},
                  ),
                },
              ];
            case 'redacted-reasoning':
              return [
                {
                  type: 'reasoning' as const,
                  text: '',
                  ...withMetadata(partMetadata, metadataKey, memory.reasoning(part.data), {
                    encryptedContent: part.data,
                  }),
                },
              ];
            case 'tool-call':
              return [
                {
                  type: 'tool-call' as const,
                  toolCallId: part.toolCallId,
                  toolName: part.toolName,
                  input: part.args,
                  ...withMetadata(partMetadata, metadataKey, memory.toolCall(part.toolCallId)),
                },
              ];
            default:
              return [
                {
                  type: 'file' as const,
                  mediaType: part.mimeType,
                  data: toV4FileData(part.data),
                },
              ];
          }
        }),
      };
    case 'tool':
      return {
        role: 'tool',
        ...messageOptions,
        content: message.content.map((part) => ({
          type: 'tool-result' as const,
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          output: toV4Output(part),
        })),
      };
  }
}

type AssistantPart = Extract<LanguageModelV4Message, { role: 'assistant' }>['content'][number];

function toV4Output(part: LanguageModelV1ToolResultPart): LanguageModelV4ToolResultOutput {
  if (part.content !== undefined) {
    return {
      type: 'content',
      value: part.content.map((item) =>
        item.type === 'text'
          ? { type: 'text' as const, text: item.text }
          : {
              type: 'file' as const,
              mediaType: item.mimeType ?? 'image/*',
              data: { type: 'data' as const, data: item.data },
            },
      ),
    };
  }
  const { result } = part;
  if (typeof result === 'string') {
    return { type: part.isError ? 'error-text' : 'text', value: result };
  }
  return { type: part.isError ? 'error-json' : 'json', value: (result ?? null) as JSONValue };
}
