/**
 * Responses `tools` and `tool_choice` → Chat Completions `tools` and `tool_choice`, and what the
 * Response reports of them.
 */
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { FunctionTool, Response } from 'openai/resources/responses/responses';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';

export interface ChatTools {
  chat: ChatCompletionFunctionTool[];
  /** The tools as the Response reports them. */
  echo: FunctionTool[];
}

/** A function tool as a Responses request gives it. */
export interface RequestFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
  defer_loading?: boolean;
}

export function toChatTools(tools: readonly unknown[] | null | undefined): ChatTools {
  const result: ChatTools = { chat: [], echo: [] };
  (tools ?? []).forEach((value, index) => {
    const param = `tools[${index}]`;
    const type = isRecord(value) ? value.type : undefined;
    if (type !== 'function') {
      throw new ChatRequestError(
        `Tools of type '${String(type)}' are not supported: this server forwards requests to a Chat Completions backend, which runs no built-in tools. Only function tools are.`,
        `${param}.type`,
        'unsupported_value',
      );
    }
    const tool = value as unknown as RequestFunctionTool;
    if (tool.defer_loading === true) {
      throw new ChatRequestError(
        'Deferred tool loading is not supported: Chat Completions backends have no tool search.',
        `${param}.defer_loading`,
        'unsupported_parameter',
      );
    }
    result.chat.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(isSet(tool.description) ? { description: tool.description } : {}),
        ...(isSet(tool.parameters) ? { parameters: tool.parameters } : {}),
        ...(isSet(tool.strict) ? { strict: tool.strict } : {}),
      },
    });
    result.echo.push({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? null,
    });
  });
  return result;
}

export interface ChatToolChoice {
  chat: ChatCompletionToolChoiceOption;
  echo: Response['tool_choice'];
}

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
  if (choice.type !== 'function') {
    throw new ChatRequestError(
      `Unsupported value for 'tool_choice': only 'auto', 'none', 'required' and {"type":"function","name":…} can be expressed in Chat Completions.`,
      'tool_choice',
      'unsupported_value',
    );
  }
  const name = choice.name;
  if (typeof name !== 'string' || !tools.echo.some((tool) => tool.name === name)) {
    throw new ChatRequestError(
      `Invalid value for 'tool_choice.name': '${String(name)}' is not the name of a function in 'tools'.`,
      'tool_choice.name',
      'invalid_value',
    );
  }
  return { chat: { type: 'function', function: { name } }, echo: { type: 'function', name } };
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== undefined && value !== null;
}
