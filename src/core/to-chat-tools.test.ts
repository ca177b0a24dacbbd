import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/rejections';
import { ChatRequestError } from './chat-request-error';
import { type ChatTools, toChatToolChoice, toChatTools } from './to-chat-tools';

const weather = {
  type: 'function',
  name: 'weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};

const chatRequestError = (fn: () => unknown) => thrownBy(fn, ChatRequestError);

describe('toChatTools', () => {
  it('gives no tools for none', () => {
    expect(toChatTools(undefined)).toEqual({ chat: [], echo: [] });
    expect(toChatTools(null)).toEqual({ chat: [], echo: [] });
  });

  it('sends a function tool with every field, and echoes it as the Response reports it', () => {
    expect(toChatTools([weather])).toMatchInlineSnapshot(`
      {
        "chat": [
          {
            "function": {
              "description": "Current weather in a city",
              "name": "weather",
              "parameters": {
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "type": "object",
              },
              "strict": true,
            },
            "type": "function",
          },
        ],
        "echo": [
          {
            "description": "Current weather in a city",
            "name": "weather",
            "parameters": {
              "properties": {
                "city": {
                  "type": "string",
                },
              },
              "type": "object",
            },
            "strict": true,
            "type": "function",
          },
        ],
      }
    `);
  });

  it('leaves unset fields out of the chat tool and echoes them as null', () => {
    expect(
      toChatTools([{ type: 'function', name: 'noop', description: null, parameters: null }]),
    ).toMatchInlineSnapshot(`
      {
        "chat": [
          {
            "function": {
              "name": "noop",
            },
            "type": "function",
          },
        ],
        "echo": [
          {
            "description": null,
            "name": "noop",
            "parameters": null,
            "strict": null,
            "type": "function",
          },
        ],
      }
    `);
  });

  it('refuses a built-in tool, naming its index', () => {
    const error = chatRequestError(() => toChatTools([weather, { type: 'web_search' }]));
    expect(error.param).toBe('tools[1].type');
    expect(error.code).toBe('unsupported_value');
    expect(error.message).toContain("Tools of type 'web_search' are not supported");
  });

  it('refuses a tool that is not an object', () => {
    const error = chatRequestError(() => toChatTools(['weather']));
    expect(error.param).toBe('tools[0].type');
    expect(error.message).toContain("Tools of type 'undefined'");
  });

  it('refuses deferred loading, which no chat backend can do', () => {
    const error = chatRequestError(() => toChatTools([{ ...weather, defer_loading: true }]));
    expect(error.param).toBe('tools[0].defer_loading');
    expect(error.code).toBe('unsupported_parameter');
  });
});

describe('toChatToolChoice', () => {
  const tools: ChatTools = toChatTools([weather]);
  const none: ChatTools = toChatTools([]);

  it('gives no choice for none', () => {
    expect(toChatToolChoice(undefined, tools)).toBeUndefined();
    expect(toChatToolChoice(null, tools)).toBeUndefined();
  });

  it.each(['auto', 'none', 'required'] as const)('passes %s through', (choice) => {
    expect(toChatToolChoice(choice, tools)).toEqual({ chat: choice, echo: choice });
  });

  it('names a function the Chat Completions way, and echoes it the Responses way', () => {
    expect(toChatToolChoice({ type: 'function', name: 'weather' }, tools)).toMatchInlineSnapshot(`
      {
        "chat": {
          "function": {
            "name": "weather",
          },
          "type": "function",
        },
        "echo": {
          "name": "weather",
          "type": "function",
        },
      }
    `);
  });

  it('refuses required without any tool', () => {
    const error = chatRequestError(() => toChatToolChoice('required', none));
    expect(error).toMatchObject({ param: 'tool_choice', code: 'invalid_value' });
  });

  it('refuses a function that is not among the tools', () => {
    const error = chatRequestError(() =>
      toChatToolChoice({ type: 'function', name: 'time' }, tools),
    );
    expect(error).toMatchObject({ param: 'tool_choice.name', code: 'invalid_value' });
    expect(error.message).toContain("'time' is not the name of a function in 'tools'");
  });

  it.each([{ type: 'web_search_preview' }, { type: 'allowed_tools' }, 'any'])(
    'refuses %o, which Chat Completions cannot express',
    (choice) => {
      const error = chatRequestError(() => toChatToolChoice(choice, tools));
      expect(error).toMatchObject({ param: 'tool_choice', code: 'unsupported_value' });
    },
  );
});
