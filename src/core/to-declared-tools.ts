/**
 * The Responses tools a client runs itself → the Chat Completions functions that stand for
 * them (a namespace's members each), in request order; hosted tools are dropped or refused.
 */
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { ChatRequestError } from './chat-request-error';
import { isRecord } from './read-chunk';
import type { HostedToolPolicy, ToolTarget } from './to-chat-tools';

/** A tool's function as declared upstream (under the client's name), and what it stands for. */
export interface DeclaredTool {
  target: ToolTarget;
  chat: ChatCompletionFunctionTool['function'];
}

/**
 * The functions `tools` declare, and the types of the hosted tools left out. Throws
 * `ChatRequestError` for a tool without type or name, or a hosted tool under `refuse`.
 */
export function toDeclaredTools(
  tools: readonly unknown[],
  param: string,
  hostedTools: HostedToolPolicy,
): { declared: DeclaredTool[]; dropped: string[] } {
  const declared: DeclaredTool[] = [];
  const dropped: string[] = [];
  tools.forEach((tool, index) => {
    collect(tool, `${param}[${index}]`, undefined, declared, dropped, hostedTools);
  });
  return { declared, dropped };
}

function collect(
  tool: unknown,
  param: string,
  namespace: string | undefined,
  declared: DeclaredTool[],
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
