/**
 * Tool output input items (`function_call_output`, `custom_tool_call_output`,
 * `tool_search_output`) → the Chat Completions tool messages that answer the calls.
 */
import type { ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';

type Item = Record<string, unknown>;

/**
 * The tool message of a tool output item: its output as text, or for a tool search the tools
 * it found. Throws `ChatRequestError` for an output part that is not text.
 */
export function toChatToolMessage(item: Item, param: string): ChatCompletionToolMessageParam {
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
