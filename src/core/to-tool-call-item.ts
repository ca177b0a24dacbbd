/**
 * The output item a tool call becomes, as `output_item.added` and `output_item.done` carry it:
 * a `function_call`, a `custom_tool_call` or a client-executed `tool_search_call`.
 */
import type {
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
} from 'openai/resources/responses/responses';
import type { ResponseFunctionToolCallWithSignature } from './function-call-item';
import type { ThoughtSignature } from './reasoning-envelope';
import type { ToolTarget } from './to-chat-tools';

/** A tool call output item of any kind. */
export type ToolCallItem = ResponseFunctionToolCallWithSignature | ResponseCustomToolCall;

/**
 * The item a call becomes: a function call; a custom tool call whose input streamed as it is
 * (`custom-raw`, the upstream's own custom tools) or inside `{"input": …}` arguments
 * (`custom-decoded`, a custom tool the request side declared as a function); a client-executed
 * tool search call.
 */
export type ToolCallItemKind = 'function' | 'custom-raw' | 'custom-decoded' | 'tool_search';

/** What a tool call item is made of. */
export interface ToolCallItemFields {
  kind: ToolCallItemKind;
  itemId: string;
  callId: string;
  /** The tool's name as the client named it. */
  name: string;
  namespace: string | undefined;
  thoughtSignature: ThoughtSignature | undefined;
}

/** The prefix of each kind's item id (`fc_…`, `ctc_…`, `tsc_…`). */
export const toolCallItemIdPrefix: Record<ToolCallItemKind, string> = {
  function: 'fc',
  'custom-raw': 'ctc',
  'custom-decoded': 'ctc',
  tool_search: 'tsc',
};

/**
 * The kind of item a call of `kind` becomes (`custom` when the upstream itself called a custom
 * tool), given the tool the request declared under its upstream name.
 */
export function toToolCallItemKind(
  kind: 'function' | 'custom',
  target: ToolTarget | undefined,
): ToolCallItemKind {
  return kind === 'custom'
    ? 'custom-raw'
    : target?.kind === 'custom'
      ? 'custom-decoded'
      : target?.kind === 'tool_search'
        ? 'tool_search'
        : 'function';
}

/** The item with its status and its arguments (a custom call's input) so far. */
export function toToolCallItem(
  fields: ToolCallItemFields,
  status: NonNullable<ResponseFunctionToolCall['status']>,
  args: string,
): ToolCallItem {
  const { itemId, callId, name, namespace } = fields;
  const inNamespace = namespace !== undefined ? { namespace } : {};
  switch (fields.kind) {
    case 'custom-raw':
    case 'custom-decoded':
      // The real API reports the custom call's status too, although the openai types omit it.
      return {
        id: itemId,
        type: 'custom_tool_call',
        status,
        call_id: callId,
        name,
        input: args,
        ...inNamespace,
      } as unknown as ResponseCustomToolCall;
    case 'tool_search':
      return {
        id: itemId,
        type: 'tool_search_call',
        call_id: callId,
        arguments: status === 'in_progress' ? {} : parseArguments(args),
        execution: 'client',
        status,
      } as unknown as ToolCallItem;
    case 'function': {
      const item: ResponseFunctionToolCallWithSignature = {
        id: itemId,
        type: 'function_call',
        status,
        arguments: args,
        call_id: callId,
        name,
        ...inNamespace,
      };
      const signature = fields.thoughtSignature;
      if (signature !== undefined) {
        const google = { thought_signature: signature.signature };
        item.provider_specific_fields = { google };
        if (signature.field === 'extra_content') item.extra_content = { google: { ...google } };
      }
      return item;
    }
  }
}

/** A tool search's arguments as the object they are, or as text when they are not JSON. */
function parseArguments(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return { query: args };
  }
}
