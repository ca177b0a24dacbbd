/**
 * Responses `tools` → Chat Completions `tools`, and the map that turns the calls coming back
 * into the items the client expects (`tool_choice` is in `to-chat-tool-choice.ts`).
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
 * is refused. Each tool's function is declared in `to-declared-tools.ts`.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { Response } from 'openai/resources/responses/responses';
import { isRecord } from './read-chunk';
import { toDeclaredTools } from './to-declared-tools';

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

/** The request's tools as sent upstream and as the Response reports them, and the map back. */
export interface ChatTools {
  chat: ChatCompletionFunctionTool[];
  /** The tools as the Response reports them: as the client gave them. */
  echo: Response['tools'];
  map: ToolMap;
  /** The hosted tools left out of the upstream request (`web_search`, …). */
  dropped: string[];
}

/** Chat Completions function names: letters, digits, `_` and `-`, at most 64 characters. */
const maxNameLength = 64;

/**
 * The chat functions of a request's `tools`, under unique upstream names. Throws
 * `ChatRequestError` for a tool without type or name, or a hosted tool under `refuse`.
 */
export function toChatTools(
  tools: readonly unknown[] | null | undefined,
  options: { hostedTools?: HostedToolPolicy; param?: string } = {},
): ChatTools {
  const { declared, dropped } = toDeclaredTools(
    tools ?? [],
    options.param ?? 'tools',
    options.hostedTools ?? 'drop',
  );
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
