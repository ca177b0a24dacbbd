/**
 * Tool output input items (`function_call_output`, `custom_tool_call_output`,
 * `tool_search_output`) → the Chat Completions tool messages that answer the calls.
 */
import type {
  ChatCompletionContentPartText,
  ChatCompletionToolMessageParam,
} from 'openai/resources/chat/completions';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';
import { toChatPart } from './to-chat-message';

type Item = Record<string, unknown>;

/**
 * The tool message of a tool output item: its output as text, or for a tool search the tools
 * it found. Throws `ChatRequestError` for an output part that is not text, unless `multiPart`
 * lets images and files through as content parts.
 */
export function toChatToolMessage(
  item: Item,
  param: string,
  multiPart = false,
): ChatCompletionToolMessageParam {
  if (item.type === 'tool_search_output') {
    return {
      role: 'tool',
      tool_call_id: String(item.call_id),
      content: toolSearchResult(item.tools),
    };
  }
  return {
    role: 'tool',
    tool_call_id: String(item.call_id),
    content:
      typeof item.output === 'string'
        ? item.output
        : multiPart
          ? toolOutputParts(item.output as Item[], `${param}.output`)
          : toolOutputText(item.output as unknown[], `${param}.output`),
  };
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
