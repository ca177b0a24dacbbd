/**
 * Call options of the older specs (V3 for ai 6, V2 for ai 5) → V4. They differ only in details:
 * file data is a bare `Uint8Array | string | URL`, tool results hold `media` / `file-data` /
 * `image-url` content, and V2 names provider tools `provider-defined`.
 */
import type {
  JSONValue,
  LanguageModelV4CallOptions,
  LanguageModelV4Message,
  LanguageModelV4ToolResultOutput,
  SharedV4FileData,
} from '@ai-sdk/provider';
import type { LanguageModelV2CallOptions } from '@ai-sdk/provider-v2';
import type { LanguageModelV3CallOptions } from '@ai-sdk/provider-v3';

type OlderCallOptions = LanguageModelV3CallOptions | LanguageModelV2CallOptions;
type OlderMessage = OlderCallOptions['prompt'][number];
type ContentItem = Extract<LanguageModelV4ToolResultOutput, { type: 'content' }>['value'][number];

export function toV4CallOptions(options: OlderCallOptions): LanguageModelV4CallOptions {
  const { prompt, tools, ...rest } = options;
  return {
    ...rest,
    prompt: prompt.map(toV4Message),
    ...(tools !== undefined
      ? {
          tools: tools.map((tool) =>
            tool.type === 'function'
              ? tool
              : { type: 'provider' as const, id: tool.id, name: tool.name, args: tool.args },
          ),
        }
      : {}),
  } as LanguageModelV4CallOptions;
}

export function toV4FileData(data: Uint8Array | string | URL): SharedV4FileData {
  return data instanceof URL ? { type: 'url', url: data } : { type: 'data', data };
}

function toV4Message(message: OlderMessage): LanguageModelV4Message {
  switch (message.role) {
    case 'system':
      return message;
    case 'user':
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === 'file' ? { ...part, data: toV4FileData(part.data) } : part,
        ),
      };
    case 'assistant':
      return {
        ...message,
        content: (
          message.content as unknown as Array<{ type: string } & Record<string, unknown>>
        ).map((part) => {
          switch (part.type) {
            case 'file':
              return { ...part, data: toV4FileData(part.data as Uint8Array | string | URL) };
            case 'tool-result':
              return { ...part, output: toV4Output(part.output as OlderOutput) };
            default:
              return part;
          }
        }),
      } as unknown as LanguageModelV4Message;
    case 'tool':
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === 'tool-result' ? { ...part, output: toV4Output(part.output) } : part,
        ),
      } as LanguageModelV4Message;
  }
}

type OlderOutput = Extract<
  Extract<OlderMessage, { role: 'tool' }>['content'][number],
  { type: 'tool-result' }
>['output'];

function toV4Output(output: OlderOutput): LanguageModelV4ToolResultOutput {
  if (output.type !== 'content') return output as LanguageModelV4ToolResultOutput;
  return {
    type: 'content',
    value: output.value.map((item): ContentItem => {
      const older = item as { type: string } & Record<string, unknown>;
      switch (older.type) {
        case 'text':
          return { type: 'text', text: older.text as string };
        case 'media':
        case 'file-data':
        case 'image-data':
          return {
            type: 'file',
            mediaType: (older.mediaType as string | undefined) ?? 'application/octet-stream',
            data: { type: 'data', data: older.data as string },
          };
        case 'file-url':
        case 'image-url':
          return {
            type: 'file',
            mediaType: (older.mediaType as string | undefined) ?? 'application/octet-stream',
            data: { type: 'url', url: new URL(older.url as string) },
          };
        default:
          // File ids and custom parts have no Chat Completions form; keep them as JSON.
          return { type: 'text', text: JSON.stringify(older as JSONValue) };
      }
    }),
  };
}
