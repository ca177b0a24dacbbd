import type { LanguageModelV4Content } from '@ai-sdk/provider';
import type { Response } from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import { reasoningMetadata, reasoningText, toolCallMetadata, withKey } from './part-metadata';
import { partMetadata, sourceId } from './to-stream-parts';

/**
 * The content of a final Response as `doGenerate` returns it: the same parts, text and metadata
 * that `doStream` streams for the same output.
 */
export function toGenerateContent(
  response: Response,
  metadataKey: string,
): LanguageModelV4Content[] {
  const content: LanguageModelV4Content[] = [];
  for (const item of response.output) {
    switch (item.type) {
      case 'reasoning':
        content.push({
          type: 'reasoning',
          text: reasoningText(item),
          providerMetadata: withKey(metadataKey, reasoningMetadata(item)),
        });
        break;
      case 'message':
        item.content.forEach((part, contentIndex) => {
          if (part.type === 'refusal') {
            content.push({
              type: 'text',
              text: part.refusal,
              providerMetadata: withKey(metadataKey, partMetadata(item.id, 'refusal')),
            });
            return;
          }
          content.push({
            type: 'text',
            text: part.text,
            providerMetadata: withKey(metadataKey, partMetadata(item.id, 'output_text')),
          });
          part.annotations.forEach((annotation, annotationIndex) => {
            if (annotation.type !== 'url_citation') return;
            content.push({
              type: 'source',
              sourceType: 'url',
              id: sourceId(item.id, contentIndex, annotationIndex),
              url: annotation.url,
              ...(annotation.title ? { title: annotation.title } : {}),
            });
          });
        });
        break;
      case 'function_call':
        content.push({
          type: 'tool-call',
          toolCallId: item.call_id,
          toolName: item.name,
          input: item.arguments,
          providerMetadata: withKey(
            metadataKey,
            toolCallMetadata(item as ResponseFunctionToolCallWithSignature),
          ),
        });
        break;
      default:
        break;
    }
  }
  return content;
}
