import {
  type LanguageModelV4CallOptions,
  type SharedV4Warning,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import type { FunctionTool } from 'openai/resources/responses/responses';

export interface ResponsesTools {
  tools: FunctionTool[] | undefined;
  toolChoice: 'auto' | 'none' | 'required' | { type: 'function'; name: string } | undefined;
  toolWarnings: SharedV4Warning[];
}

/** AI SDK tools and tool choice → Responses function tools and `tool_choice`. */
export function toResponsesTools({
  tools,
  toolChoice,
}: Pick<LanguageModelV4CallOptions, 'tools' | 'toolChoice'>): ResponsesTools {
  const toolWarnings: SharedV4Warning[] = [];
  if (tools == null || tools.length === 0) {
    return { tools: undefined, toolChoice: undefined, toolWarnings };
  }

  const functionTools: FunctionTool[] = [];
  for (const tool of tools) {
    if (tool.type === 'provider') {
      toolWarnings.push({
        type: 'unsupported',
        feature: `provider-defined tool ${tool.id}`,
        details: 'Chat Completions endpoints only run function tools.',
      });
      continue;
    }
    functionTools.push({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.inputSchema as Record<string, unknown>,
      strict: tool.strict ?? null,
    });
  }

  if (functionTools.length === 0) return { tools: undefined, toolChoice: undefined, toolWarnings };
  if (toolChoice == null) return { tools: functionTools, toolChoice: undefined, toolWarnings };
  const type = toolChoice.type;
  switch (type) {
    case 'auto':
    case 'none':
    case 'required':
      return { tools: functionTools, toolChoice: type, toolWarnings };
    case 'tool':
      return {
        tools: functionTools,
        toolChoice: { type: 'function', name: toolChoice.toolName },
        toolWarnings,
      };
    default: {
      const unknownType: never = type;
      throw new UnsupportedFunctionalityError({ functionality: `tool choice type ${unknownType}` });
    }
  }
}
