import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/rejections';
import { agents, applyPatch, toolSearch, weather } from '../../test/support/request-tools';
import { ChatRequestError } from './chat-request-error';
import { toChatTools, upstreamToolName } from './to-chat-tools';

const chatRequestError = (fn: () => unknown) => thrownBy(fn, ChatRequestError);

describe('toChatTools', () => {
  it('gives no tools for none', () => {
    for (const none of [undefined, null, []]) {
      const tools = toChatTools(none);
      expect(tools.chat).toEqual([]);
      expect(tools.echo).toEqual([]);
      expect([...tools.map]).toEqual([]);
      expect(tools.dropped).toEqual([]);
    }
  });

  it('sends a function tool with every field, and echoes it in full', () => {
    const tools = toChatTools([weather]);
    expect(tools.chat).toEqual([
      {
        type: 'function',
        function: {
          name: 'weather',
          description: 'Current weather in a city',
          parameters: weather.parameters,
          strict: true,
        },
      },
    ]);
    expect(tools.echo).toEqual([weather]);
    expect(tools.map.get('weather')).toEqual({ kind: 'function', name: 'weather' });
  });

  it('leaves unset fields out of the chat tool and echoes them as null', () => {
    const tools = toChatTools([{ type: 'function', name: 'noop' }]);
    expect(tools.chat).toEqual([{ type: 'function', function: { name: 'noop' } }]);
    expect(tools.echo).toEqual([
      { type: 'function', name: 'noop', description: null, parameters: null, strict: null },
    ]);
  });

  it('sends a custom tool as a function of one string, with its grammar in the description', () => {
    const tools = toChatTools([applyPatch]);
    expect(tools.chat).toMatchInlineSnapshot(`
      [
        {
          "function": {
            "description": "Edit files. This is a FREEFORM tool, so do not wrap the patch in JSON.

      The input is free text (not JSON) that must follow this lark grammar:
      start: begin_patch hunk+ end_patch",
            "name": "apply_patch",
            "parameters": {
              "additionalProperties": false,
              "properties": {
                "input": {
                  "description": "The tool input, as free text.",
                  "type": "string",
                },
              },
              "required": [
                "input",
              ],
              "type": "object",
            },
          },
          "type": "function",
        },
      ]
    `);
    expect(tools.map.get('apply_patch')).toEqual({ kind: 'custom', name: 'apply_patch' });
    expect(tools.echo).toEqual([applyPatch]);
  });

  it('flattens a namespace under names that map back to it', () => {
    const tools = toChatTools([agents]);
    expect(tools.chat.map((tool) => tool.function.name)).toEqual([
      'multi_agent_v1__spawn_agent',
      'multi_agent_v1__exec',
    ]);
    expect(tools.map.get('multi_agent_v1__spawn_agent')).toEqual({
      kind: 'function',
      name: 'spawn_agent',
      namespace: 'multi_agent_v1',
    });
    expect(tools.map.get('multi_agent_v1__exec')).toEqual({
      kind: 'custom',
      name: 'exec',
      namespace: 'multi_agent_v1',
    });
    expect(upstreamToolName(tools.map, 'exec', 'multi_agent_v1', 'custom')).toBe(
      'multi_agent_v1__exec',
    );
  });

  it('keeps flattened names unique and within what Chat Completions accepts', () => {
    const long = 'n'.repeat(70);
    const tools = toChatTools([
      { type: 'function', name: 'ns__f' },
      { type: 'namespace', name: 'ns', tools: [{ type: 'function', name: 'f' }] },
      { type: 'namespace', name: long, tools: [{ type: 'function', name: 'g.h' }] },
    ]);
    const names = tools.chat.map((tool) => tool.function.name);
    expect(names[0]).toBe('ns__f');
    expect(names[1]).toBe('ns__f_2');
    expect(names[2]!.length).toBeLessThanOrEqual(64);
    expect(names[2]).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(tools.map.get(names[1]!)).toEqual({ kind: 'function', name: 'f', namespace: 'ns' });
    expect(tools.map.get(names[2]!)).toEqual({ kind: 'function', name: 'g.h', namespace: long });
  });

  it('sends a client-executed tool search as a function of its parameters', () => {
    const tools = toChatTools([toolSearch]);
    expect(tools.chat).toEqual([
      {
        type: 'function',
        function: {
          name: 'tool_search',
          description: 'Searches deferred tools.',
          parameters: toolSearch.parameters,
        },
      },
    ]);
    expect(tools.map.get('tool_search')).toEqual({ kind: 'tool_search', name: 'tool_search' });
  });

  it('leaves hosted tools out by default and names them', () => {
    const tools = toChatTools([weather, { type: 'web_search' }, { type: 'file_search' }]);
    expect(tools.chat.map((tool) => tool.function.name)).toEqual(['weather']);
    expect(tools.dropped).toEqual(['web_search', 'file_search']);
    expect(tools.echo).toHaveLength(3);
  });

  it('refuses hosted tools when told to, naming their index', () => {
    const error = chatRequestError(() =>
      toChatTools([weather, { type: 'web_search' }], { hostedTools: 'refuse' }),
    );
    expect(error.param).toBe('tools[1].type');
    expect(error.code).toBe('unsupported_value');
  });

  it('refuses a tool that is not an object, or has no name', () => {
    expect(chatRequestError(() => toChatTools(['weather'])).param).toBe('tools[0].type');
    expect(chatRequestError(() => toChatTools([{ type: 'function' }])).param).toBe('tools[0].name');
  });
});
