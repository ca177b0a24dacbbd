/**
 * Responses events → AI SDK stream parts: the one mapping every spec version uses. Each event
 * becomes the parts it means, in the same call, so nothing waits for a later event:
 * message text and refusals → `text-*`; reasoning items → `reasoning-*` (with their signatures in
 * providerMetadata at `reasoning-end`); function calls → `tool-input-*` then `tool-call`; URL
 * citations → `source`; the final event → `finish` with usage, finish reason and the Response.
 */
import type {
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
  SharedV4ProviderMetadata,
} from '@ai-sdk/provider';
import type {
  ResponseCustomToolCall,
  ResponseOutputRefusal,
  ResponseOutputText,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import type { ChunkStreamFacts } from '../core/to-responses-events';
import { mergeMetadata } from './metadata-extractor';
import {
  reasoningMetadata,
  responseMetadata,
  type TextMetadata,
  toolCallMetadata,
  withKey,
} from './part-metadata';
import type { ResponsesBridgeChatUsage } from './responses-bridge-settings';
import { toFinishReason } from './to-finish-reason';
import { toUsage } from './to-usage';

export interface ToStreamPartsOptions {
  /** Key of providerMetadata (the provider's `name`). */
  metadataKey: string;
  /** Emit every event as a `raw` part too. */
  includeRawChunks: boolean;
  /** The raw finish reason and usage of the chunk stream. */
  facts: ChunkStreamFacts;
  /** The error the stream's `error` event stands for, in the `error` part. */
  toError: () => unknown;
  /** Metadata to merge into the finish part's (a metadata extractor's `buildMetadata`). */
  extraMetadata?: () => SharedV4ProviderMetadata | undefined;
  /** The `convertUsage` setting: the upstream's usage → the finish part's. */
  convertUsage?: (usage: ResponsesBridgeChatUsage | undefined) => LanguageModelV4Usage;
}

type Enqueue = (part: LanguageModelV4StreamPart) => void;

/** A reasoning item shows its summary, or its reasoning text when it has no summary. */
type ReasoningSource = 'summary' | 'text';

export class StreamPartsMapper {
  private readonly options: ToStreamPartsOptions;
  private readonly reasoningSources = new Map<string, ReasoningSource>();
  private readonly calls = new Map<string, { callId: string; toolName: string }>();
  /** Custom tool calls, whose freeform input is streamed as the JSON string it becomes. */
  private readonly customCalls = new Set<string>();

  constructor(options: ToStreamPartsOptions) {
    this.options = options;
  }

  map(event: ResponseStreamEvent, enqueue: Enqueue): void {
    if (this.options.includeRawChunks) enqueue({ type: 'raw', rawValue: event });
    const key = this.options.metadataKey;

    switch (event.type) {
      case 'response.created':
        enqueue({
          type: 'response-metadata',
          id: event.response.id,
          modelId: event.response.model,
          timestamp: new Date(event.response.created_at * 1000),
        });
        break;

      case 'response.output_item.added': {
        const item = event.item;
        if (item.type === 'reasoning') {
          enqueue({
            type: 'reasoning-start',
            id: item.id,
            providerMetadata: withKey(key, { itemId: item.id }),
          });
        } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
          this.calls.set(item.id!, { callId: item.call_id, toolName: item.name });
          enqueue({ type: 'tool-input-start', id: item.call_id, toolName: item.name });
          if (item.type === 'custom_tool_call') {
            this.customCalls.add(item.id!);
            enqueue({ type: 'tool-input-delta', id: item.call_id, delta: '"' });
          }
        }
        break;
      }

      case 'response.content_part.added':
        // Several reasoning text parts (thinking blocks) read as paragraphs of one reasoning part.
        if (event.part.type === 'reasoning_text') {
          if (event.content_index > 0 && this.reasoningSources.get(event.item_id) === 'text') {
            enqueue({ type: 'reasoning-delta', id: event.item_id, delta: '\n\n' });
          }
          break;
        }
        if (event.part.type === 'output_text' || event.part.type === 'refusal') {
          enqueue({
            type: 'text-start',
            id: textPartId(event.item_id, event.content_index),
            providerMetadata: withKey(key, partMetadata(event.item_id, event.part.type)),
          });
        }
        break;

      case 'response.output_text.delta':
      case 'response.refusal.delta':
        enqueue({
          type: 'text-delta',
          id: textPartId(event.item_id, event.content_index),
          delta: event.delta,
        });
        break;

      case 'response.output_text.annotation.added': {
        const annotation = event.annotation as { type?: string; url?: string; title?: string };
        if (annotation.type === 'url_citation' && annotation.url) {
          enqueue({
            type: 'source',
            sourceType: 'url',
            id: sourceId(event.item_id, event.content_index, event.annotation_index),
            url: annotation.url,
            ...(annotation.title ? { title: annotation.title } : {}),
          });
        }
        break;
      }

      case 'response.content_part.done':
        if (event.part.type === 'output_text' || event.part.type === 'refusal') {
          enqueue({
            type: 'text-end',
            id: textPartId(event.item_id, event.content_index),
            providerMetadata: withKey(key, textMetadata(event.item_id, event.part)),
          });
        }
        break;

      case 'response.reasoning_summary_part.added':
        // Several summary parts read as paragraphs of one reasoning part.
        if (event.summary_index > 0 && this.reasoningSources.get(event.item_id) === 'summary') {
          enqueue({ type: 'reasoning-delta', id: event.item_id, delta: '\n\n' });
        }
        break;

      case 'response.reasoning_summary_text.delta':
        if (this.sourceOf(event.item_id, 'summary')) {
          enqueue({ type: 'reasoning-delta', id: event.item_id, delta: event.delta });
        }
        break;

      case 'response.reasoning_text.delta':
        if (this.sourceOf(event.item_id, 'text')) {
          enqueue({ type: 'reasoning-delta', id: event.item_id, delta: event.delta });
        }
        break;

      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const call = this.calls.get(event.item_id);
        if (call === undefined) break;
        // A custom tool's input is text: the AI SDK gets it as a JSON string, escaped as it goes.
        const delta = this.customCalls.has(event.item_id)
          ? JSON.stringify(event.delta).slice(1, -1)
          : event.delta;
        enqueue({ type: 'tool-input-delta', id: call.callId, delta });
        break;
      }

      case 'response.output_item.done': {
        const item = event.item;
        if (item.type === 'reasoning') {
          this.reasoningSources.delete(item.id);
          enqueue({
            type: 'reasoning-end',
            id: item.id,
            providerMetadata: withKey(key, reasoningMetadata(item)),
          });
        } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
          this.calls.delete(item.id!);
          if (this.customCalls.delete(item.id!)) {
            enqueue({ type: 'tool-input-delta', id: item.call_id, delta: '"' });
          }
          enqueue({ type: 'tool-input-end', id: item.call_id });
          // A call cut off (no finish reason, or `length`) is kept in the Response, never run.
          if ((item as { status?: string }).status !== 'incomplete') {
            enqueue(toToolCallPart(item as ToolCallItem, key));
          }
        }
        break;
      }

      case 'error':
        enqueue({ type: 'error', error: this.options.toError() });
        break;

      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        const { facts, convertUsage, extraMetadata } = this.options;
        enqueue({
          type: 'finish',
          usage:
            convertUsage !== undefined
              ? convertUsage(facts.usage as ResponsesBridgeChatUsage | undefined)
              : toUsage(event.response.usage, facts.usage),
          finishReason: toFinishReason(event.response, facts.finishReason),
          providerMetadata: mergeMetadata(
            responseMetadata(key, event.response),
            extraMetadata?.(),
            key,
          ),
        });
        break;
      }

      default:
        break;
    }
  }

  /** Whether deltas of this kind are the ones shown for this reasoning item. */
  private sourceOf(itemId: string, source: ReasoningSource): boolean {
    const current = this.reasoningSources.get(itemId);
    if (current === undefined) {
      this.reasoningSources.set(itemId, source);
      return true;
    }
    return current === source;
  }
}

/** The id of the source part of a URL citation. */
export function sourceId(itemId: string, contentIndex: number, annotationIndex: number): string {
  return `${itemId}:${contentIndex}:${annotationIndex}`;
}

/** A message holds at most a text and a refusal part; the first keeps the item id. */
export function textPartId(itemId: string, contentIndex: number): string {
  return contentIndex === 0 ? itemId : `${itemId}:${contentIndex}`;
}

/** Metadata of a message's text part; a refusal says so, since it reads as text. */
export function partMetadata(itemId: string, partType: 'output_text' | 'refusal') {
  return partType === 'refusal' ? { itemId, refusal: true } : { itemId };
}

/** The metadata of a text part once it is whole: its token log probabilities too, if any. */
export function textMetadata(
  itemId: string,
  part: ResponseOutputText | ResponseOutputRefusal,
): TextMetadata {
  if (part.type === 'refusal') return { itemId, refusal: true };
  return part.logprobs !== undefined && part.logprobs.length > 0
    ? { itemId, logprobs: part.logprobs }
    : { itemId };
}

type ToolCallItem = ResponseFunctionToolCallWithSignature | ResponseCustomToolCall;

/**
 * A tool call item as the AI SDK's tool call: a function's arguments as they are, a custom
 * tool's freeform input as a JSON string.
 */
export function toToolCallPart(item: ToolCallItem, key: string) {
  if (item.type === 'custom_tool_call') {
    return {
      type: 'tool-call' as const,
      toolCallId: item.call_id,
      toolName: item.name,
      input: JSON.stringify(item.input),
      providerMetadata: withKey(key, { ...(item.id ? { itemId: item.id } : {}), customTool: true }),
    };
  }
  return {
    type: 'tool-call' as const,
    toolCallId: item.call_id,
    toolName: item.name,
    input: item.arguments,
    providerMetadata: withKey(key, toolCallMetadata(item)),
  };
}
