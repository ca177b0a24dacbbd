/**
 * Responses `tool_choice` → Chat Completions `tool_choice`: the forced function under its
 * upstream name, `allowed_tools` as the set of functions the model may call.
 */
import type { ChatCompletionToolChoiceOption } from 'openai/resources/chat/completions';
import type { Response } from 'openai/resources/responses/responses';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';
import { type ChatTools, upstreamToolName } from './to-chat-tools';

/** A tool choice as sent upstream, and as the Response reports it. */
export interface ChatToolChoice {
  chat: ChatCompletionToolChoiceOption;
  echo: Response['tool_choice'];
  /** With `allowed_tools`: the only upstream functions the model may call. */
  allowed?: Set<string>;
}

const hostedChoiceTypes = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'file_search',
  'code_interpreter',
  'image_generation',
  'computer_use_preview',
  'computer',
  'mcp',
  'shell',
  'local_shell',
  'apply_patch',
]);

/**
 * The tool choice for `tools`, or undefined when the request made none. Throws
 * `ChatRequestError` for a choice chat cannot express (a hosted tool, a tool not in `tools`).
 */
export function toChatToolChoice(value: unknown, tools: ChatTools): ChatToolChoice | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') {
    if (value === 'required' && tools.chat.length === 0) {
      throw new ChatRequestError(
        "Invalid value for 'tool_choice': 'required' needs at least one tool in 'tools'.",
        'tool_choice',
        'invalid_value',
      );
    }
    return { chat: value, echo: value };
  }
  const choice = isRecord(value) ? value : {};
  const type = typeof choice.type === 'string' ? choice.type : String(choice.type);
  if (type === 'function' || type === 'custom') {
    const name = typeof choice.name === 'string' ? choice.name : '';
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined;
    const upstream = upstreamToolName(tools.map, name, namespace, type);
    if (upstream === undefined) {
      throw new ChatRequestError(
        `Invalid value for 'tool_choice.name': '${name}' is not the name of a ${type} tool in 'tools'.`,
        'tool_choice.name',
        'invalid_value',
      );
    }
    return {
      chat: { type: 'function', function: { name: upstream } },
      echo: choice as unknown as Response['tool_choice'],
    };
  }
  if (type === 'allowed_tools') {
    const mode = choice.mode === 'required' ? 'required' : 'auto';
    const allowed = new Set<string>();
    for (const tool of Array.isArray(choice.tools) ? choice.tools : []) {
      if (!isRecord(tool) || typeof tool.name !== 'string') continue;
      const kind =
        tool.type === 'custom' ? 'custom' : tool.type === 'function' ? 'function' : undefined;
      const namespace = typeof tool.namespace === 'string' ? tool.namespace : undefined;
      const upstream = upstreamToolName(tools.map, tool.name, namespace, kind);
      if (upstream !== undefined) allowed.add(upstream);
    }
    return {
      chat: allowed.size === 0 ? 'none' : mode,
      echo: choice as unknown as Response['tool_choice'],
      allowed,
    };
  }
  if (
    type === 'tool_search' &&
    upstreamToolName(tools.map, 'tool_search', undefined, 'tool_search')
  ) {
    return {
      chat: { type: 'function', function: { name: 'tool_search' } },
      echo: choice as unknown as Response['tool_choice'],
    };
  }
  throw new ChatRequestError(
    hostedChoiceTypes.has(type)
      ? `Unsupported value for 'tool_choice': it forces the hosted tool '${type}', which a Chat Completions backend cannot run.`
      : `Unsupported value for 'tool_choice': only 'auto', 'none', 'required', a function, custom or allowed_tools choice can be expressed in Chat Completions.`,
    'tool_choice',
    'unsupported_value',
  );
}
