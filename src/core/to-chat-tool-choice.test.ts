import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/rejections';
import { agents, applyPatch, toolSearch, weather } from '../../test/support/request-tools';
import { ChatRequestError } from './chat-request-error';
import { toChatToolChoice } from './to-chat-tool-choice';
import { toChatTools } from './to-chat-tools';

const chatRequestError = (fn: () => unknown) => thrownBy(fn, ChatRequestError);

describe('toChatToolChoice', () => {
  const tools = toChatTools([weather, applyPatch, agents, toolSearch, { type: 'web_search' }]);

  it('passes auto, none and required through', () => {
    for (const choice of ['auto', 'none', 'required'] as const) {
      expect(toChatToolChoice(choice, tools)).toEqual({ chat: choice, echo: choice });
    }
    expect(toChatToolChoice(undefined, tools)).toBeUndefined();
  });

  it('refuses required without tools', () => {
    expect(chatRequestError(() => toChatToolChoice('required', toChatTools([]))).code).toBe(
      'invalid_value',
    );
  });

  it('forces a function, a namespaced function or a custom tool by its upstream name', () => {
    expect(toChatToolChoice({ type: 'function', name: 'weather' }, tools)?.chat).toEqual({
      type: 'function',
      function: { name: 'weather' },
    });
    expect(
      toChatToolChoice(
        { type: 'function', name: 'spawn_agent', namespace: 'multi_agent_v1' },
        tools,
      )?.chat,
    ).toEqual({ type: 'function', function: { name: 'multi_agent_v1__spawn_agent' } });
    expect(toChatToolChoice({ type: 'custom', name: 'apply_patch' }, tools)?.chat).toEqual({
      type: 'function',
      function: { name: 'apply_patch' },
    });
  });

  it('refuses a function that is not among the tools', () => {
    const error = chatRequestError(() =>
      toChatToolChoice({ type: 'function', name: 'time' }, tools),
    );
    expect(error.message).toContain("'time' is not the name of a function tool");
    expect(error.param).toBe('tool_choice.name');
  });

  it('limits the tools with allowed_tools, in its mode', () => {
    const choice = toChatToolChoice(
      {
        type: 'allowed_tools',
        mode: 'required',
        tools: [
          { type: 'function', name: 'weather' },
          { type: 'custom', name: 'apply_patch' },
        ],
      },
      tools,
    );
    expect(choice?.chat).toBe('required');
    expect([...choice!.allowed!]).toEqual(['weather', 'apply_patch']);
  });

  it('refuses a choice that forces a hosted tool', () => {
    const error = chatRequestError(() => toChatToolChoice({ type: 'web_search' }, tools));
    expect(error.message).toContain("forces the hosted tool 'web_search'");
    expect(error.code).toBe('unsupported_value');
  });
});
