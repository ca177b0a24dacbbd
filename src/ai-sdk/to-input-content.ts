import {
  type LanguageModelV4FilePart,
  type LanguageModelV4TextPart,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  convertBase64ToUint8Array,
  convertToBase64,
  getTopLevelMediaType,
  resolveFullMediaType,
} from '@ai-sdk/provider-utils';
import type { ResponseInputContent } from 'openai/resources/responses/responses';

/**
 * A text or file part (of a user message, or of a tool result) → the Responses input content it
 * is: text, images (by URL or data URL), WAV and MP3 audio, PDFs; other files are refused with
 * UnsupportedFunctionalityError.
 */
export function toInputContent(
  part: LanguageModelV4TextPart | LanguageModelV4FilePart,
): ResponseInputContent {
  if (part.type === 'text') return { type: 'input_text', text: part.text };
  const data = part.data;
  const topLevel = getTopLevelMediaType(part.mediaType);
  if (data.type === 'text') {
    if (topLevel === 'text') return { type: 'input_text', text: data.text };
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
      // No `detail`: the backend's default, as before the Responses API had one.
      return { type: 'input_image', image_url: dataUrl() } as ResponseInputContent;
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
      return {
        type: 'input_audio',
        input_audio: { data: convertToBase64(data.data), format },
      } as unknown as ResponseInputContent;
    }
    case 'text': {
      if (data.type === 'url') return { type: 'input_text', text: data.url.toString() };
      const bytes =
        typeof data.data === 'string' ? convertBase64ToUint8Array(data.data) : data.data;
      return { type: 'input_text', text: new TextDecoder().decode(bytes) };
    }
    case 'application': {
      const mediaType = resolveFullMediaType({ part });
      if (data.type === 'url' || mediaType !== 'application/pdf') {
        throw new UnsupportedFunctionalityError({
          functionality: `file parts ${data.type === 'url' ? 'given by URL' : `of media type ${mediaType}`}`,
        });
      }
      return {
        type: 'input_file',
        filename: part.filename ?? 'document.pdf',
        file_data: dataUrl(),
      };
    }
    default:
      throw new UnsupportedFunctionalityError({
        functionality: `file parts of media type ${part.mediaType}`,
      });
  }
}
