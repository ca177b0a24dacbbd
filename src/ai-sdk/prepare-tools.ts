import {
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';

export interface PreparedTools {
  tools: ChatCompletionFunctionTool[] | undefined;
  toolChoice: ChatCompletionToolChoiceOption | undefined;
  toolWarnings: SharedV4Warning[];
}

/** AI SDK tools and tool choice → Chat Completions `tools` and `tool_choice`. */
export function prepareTools({
  tools,
  toolChoice,
}: Pick<LanguageModelV4CallOptions, 'tools' | 'toolChoice'>): PreparedTools {
  const toolWarnings: SharedV4Warning[] = [];
  // An empty tools array is an error for some servers (vLLM): leave the field out.
  if (tools == null || tools.length === 0) {
    return { tools: undefined, toolChoice: undefined, toolWarnings };
  }

  const chatTools: ChatCompletionFunctionTool[] = [];
  for (const tool of tools) {
    if (tool.type === 'provider') {
      toolWarnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: 'Chat Completions endpoints only run function tools.',
      });
      continue;
    }
    chatTools.push({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description != null ? { description: tool.description } : {}),
        parameters: tool.inputSchema as Record<string, unknown>,
        ...(tool.strict != null ? { strict: tool.strict } : {}),
      },
    });
  }

  if (toolChoice == null) return { tools: chatTools, toolChoice: undefined, toolWarnings };
  const type = toolChoice.type;
  switch (type) {
    case 'auto':
    case 'none':
    case 'required':
      return { tools: chatTools, toolChoice: type, toolWarnings };
    case 'tool':
      return {
        tools: chatTools,
        toolChoice: { type: 'function', function: { name: toolChoice.toolName } },
        toolWarnings,
      };
    default: {
      const unknownType: never = type;
      throw new UnsupportedFunctionalityError({ functionality: `tool choice type ${unknownType}` });
    }
  }
}
