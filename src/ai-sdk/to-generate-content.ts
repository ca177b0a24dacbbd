import type { LanguageModelV4Content } from '@ai-sdk/provider';
import type { Response } from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from '../core/function-call-item';
import { reasoningMetadata, reasoningText, withKey } from './part-metadata';
import { sourceId, textMetadata, toToolCallPart } from './to-stream-parts';

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
          const providerMetadata = withKey(metadataKey, textMetadata(item.id, part));
          if (part.type === 'refusal') {
            content.push({ type: 'text', text: part.refusal, providerMetadata });
            return;
          }
          content.push({ type: 'text', text: part.text, providerMetadata });
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
      case 'custom_tool_call':
        if ((item as { status?: string }).status === 'incomplete') break;
        content.push(toToolCallPart(item as ResponseFunctionToolCallWithSignature, metadataKey));
        break;
      default:
        break;
    }
  }
  return content;
}
