/**
 * Responses `tools` and `tool_choice` → Chat Completions `tools` and `tool_choice`, and the map
 * that turns the calls coming back into the items the client expects.
 *
 * Every tool a client runs itself becomes a Chat Completions function:
 * - `function` tools as they are; the members of a `namespace` under a flat name
 *   (`multi_agent_v1__spawn_agent`), unique and mapped back to `{namespace, name}`;
 * - `custom` (freeform) tools as a function of one string parameter, `input`, whose description
 *   carries the grammar or format; their calls come back as `custom_tool_call` items;
 * - a client-executed `tool_search` as a function of its own parameters; its calls come back as
 *   `tool_search_call` items.
 * Hosted tools (`web_search`, `file_search`, …) cannot run on a chat backend: by default they
 * are left out of the upstream request and named in the Response; a tool choice that forces one
 * is refused.
 */
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { Response } from 'openai/resources/responses/responses';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';

/** What an upstream function stands for, to turn its calls back into Responses items. */
export interface ToolTarget {
  kind: 'function' | 'custom' | 'tool_search';
  name: string;
  namespace?: string;
}

/** Upstream function name → the tool it stands for. */
export type ToolMap = ReadonlyMap<string, ToolTarget>;

/** What to do with hosted tools a chat backend cannot run. */
export type HostedToolPolicy = 'drop' | 'refuse';

export interface ChatTools {
  chat: ChatCompletionFunctionTool[];
  /** The tools as the Response reports them: as the client gave them. */
  echo: Response['tools'];
  map: ToolMap;
  /** The hosted tools left out of the upstream request (`web_search`, …). */
  dropped: string[];
}

interface Declared {
  target: ToolTarget;
  chat: ChatCompletionFunctionTool['function'];
}

/** Chat Completions function names: letters, digits, `_` and `-`, at most 64 characters. */
const maxNameLength = 64;

export function toChatTools(
  tools: readonly unknown[] | null | undefined,
  options: { hostedTools?: HostedToolPolicy; param?: string } = {},
): ChatTools {
  const declared: Declared[] = [];
  const dropped: string[] = [];
  const param = options.param ?? 'tools';
  (tools ?? []).forEach((tool, index) => {
    collect(
      tool,
      `${param}[${index}]`,
      undefined,
      declared,
      dropped,
      options.hostedTools ?? 'drop',
    );
  });
  const used = new Set<string>();
  const map = new Map<string, ToolTarget>();
  const chat = declared.map(({ target, chat: fn }) => {
    const name = uniqueName(
      target.namespace !== undefined ? `${target.namespace}__${target.name}` : target.name,
      used,
    );
    map.set(name, target);
    return { type: 'function' as const, function: { ...fn, name } };
  });
  return { chat, echo: toEchoedTools(tools), map, dropped };
}

/** The tools as the Response reports them: as the client gave them, functions in full. */
export function toEchoedTools(tools: readonly unknown[] | null | undefined): Response['tools'] {
  return (tools ?? []).map(toEchoedTool) as Response['tools'];
}

/** A tool as the Response reports it: a function with every field the spec requires. */
function toEchoedTool(tool: unknown): unknown {
  if (!isRecord(tool) || tool.type !== 'function') return tool;
  return {
    ...tool,
    type: 'function',
    name: tool.name,
    description: typeof tool.description === 'string' ? tool.description : null,
    parameters: isRecord(tool.parameters) ? tool.parameters : null,
    strict: typeof tool.strict === 'boolean' ? tool.strict : null,
  };
}

function collect(
  tool: unknown,
  param: string,
  namespace: string | undefined,
  declared: Declared[],
  dropped: string[],
  hostedTools: HostedToolPolicy,
): void {
  const type = isRecord(tool) ? tool.type : undefined;
  if (!isRecord(tool) || typeof type !== 'string') {
    throw new ChatRequestError(
      `Missing required parameter: '${param}.type'.`,
      `${param}.type`,
      'missing_required_parameter',
    );
  }
  const name = typeof tool.name === 'string' ? tool.name : '';
  const description = typeof tool.description === 'string' ? tool.description : undefined;
  switch (type) {
    case 'function':
      requireName(name, param);
      declared.push({
        target: { kind: 'function', name, ...(namespace !== undefined ? { namespace } : {}) },
        chat: {
          name,
          ...(description ? { description } : {}),
          ...(isRecord(tool.parameters) ? { parameters: tool.parameters } : {}),
          ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
        },
      });
      return;
    case 'custom':
      requireName(name, param);
      declared.push({
        target: { kind: 'custom', name, ...(namespace !== undefined ? { namespace } : {}) },
        chat: {
          name,
          description: customDescription(description, tool.format),
          parameters: {
            type: 'object',
            properties: { input: { type: 'string', description: 'The tool input, as free text.' } },
            required: ['input'],
            additionalProperties: false,
          },
        },
      });
      return;
    case 'namespace':
      requireName(name, param);
      if (Array.isArray(tool.tools)) {
        tool.tools.forEach((member, index) => {
          collect(member, `${param}.tools[${index}]`, name, declared, dropped, hostedTools);
        });
      }
      return;
    case 'tool_search':
      if (tool.execution === 'client') {
        declared.push({
          target: { kind: 'tool_search', name: 'tool_search' },
          chat: {
            name: 'tool_search',
            ...(description ? { description } : {}),
            parameters: isRecord(tool.parameters)
              ? tool.parameters
              : { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
          },
        });
        return;
      }
      break;
  }
  if (hostedTools === 'refuse') {
    throw new ChatRequestError(
      `Tools of type '${type}' are not supported: this server forwards requests to a Chat Completions backend, which runs no hosted tools.`,
      `${param}.type`,
      'unsupported_value',
    );
  }
  dropped.push(type);
}

function requireName(name: string, param: string): void {
  if (name === '') {
    throw new ChatRequestError(
      `Missing required parameter: '${param}.name'.`,
      `${param}.name`,
      'missing_required_parameter',
    );
  }
}

/** A custom tool's description, with the grammar or format its input must follow. */
function customDescription(description: string | undefined, format: unknown): string {
  const parts = [description ?? ''];
  if (isRecord(format) && format.type === 'grammar') {
    parts.push(
      `The input is free text (not JSON) that must follow this ${String(format.syntax ?? '')} grammar:\n${String(format.definition ?? '')}`,
    );
  } else if (isRecord(format) && format.type === 'text') {
    parts.push('The input is free text.');
  }
  return parts.filter((part) => part !== '').join('\n\n');
}

/** A name no other tool of the request has, within the length Chat Completions allows. */
function uniqueName(wanted: string, used: Set<string>): string {
  const base = wanted.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, maxNameLength) || 'tool';
  let name = base;
  for (let suffix = 2; used.has(name); suffix++) {
    const tail = `_${suffix}`;
    name = `${base.slice(0, maxNameLength - tail.length)}${tail}`;
  }
  used.add(name);
  return name;
}

/** The upstream name of a tool the client names (`name`, with its `namespace` if any). */
export function upstreamToolName(
  map: ToolMap,
  name: string,
  namespace: string | undefined,
  kind?: ToolTarget['kind'],
): string | undefined {
  for (const [upstream, target] of map) {
    if (
      target.name === name &&
      target.namespace === namespace &&
      (kind === undefined || target.kind === kind)
    ) {
      return upstream;
    }
  }
  return undefined;
}

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
