/**
 * User, system and developer message items → Chat Completions messages, their content parts
 * (text, images, files, audio) in the shapes chat backends take.
 */
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { ChatRequestError } from './chat-request-error';
import { nonEmptyString } from './read-chunk';

type Item = Record<string, unknown>;

/**
 * The chat message of a user, system or developer message item: a user message, or a system
 * message with its text joined. Throws `ChatRequestError` for a part chat cannot take.
 */
export function toChatMessage(item: Item, param: string): ChatCompletionMessageParam {
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
