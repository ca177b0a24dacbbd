import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/rejections';
import { ChatRequestError } from './chat-request-error';
import { type ResponsesRequest, toChatRequest } from './to-chat-request';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' } },
  required: ['city'],
  additionalProperties: false,
};

const weather = {
  type: 'function',
  name: 'weather',
  description: 'Current weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};

describe('toChatRequest', () => {
  it('converts a representative request and echoes it as the Responses API does', () => {
    const request: ResponsesRequest = {
      model: 'qwen3',
      instructions: 'Answer in JSON.',
      input: [{ role: 'user', content: 'Pick a city' }],
      tools: [weather, { type: 'function', name: 'noop', parameters: null, strict: false }],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'city', schema, strict: true } },
      reasoning: { effort: 'low', summary: 'auto' },
      max_output_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      frequency_penalty: 0.1,
      presence_penalty: 0.3,
      user: 'user-1',
      safety_identifier: 'hashed-user',
      metadata: { session: 's1' },
    };
    expect(toChatRequest(request)).toMatchInlineSnapshot(`
      {
        "body": {
          "frequency_penalty": 0.1,
          "max_tokens": 256,
          "messages": [
            {
              "content": "Answer in JSON.",
              "role": "system",
            },
            {
              "content": "Pick a city",
              "role": "user",
            },
          ],
          "model": "qwen3",
          "parallel_tool_calls": false,
          "presence_penalty": 0.3,
          "reasoning_effort": "low",
          "response_format": {
            "json_schema": {
              "name": "city",
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "required": [
                  "city",
                ],
                "type": "object",
              },
              "strict": true,
            },
            "type": "json_schema",
          },
          "temperature": 0.2,
          "tool_choice": {
            "function": {
              "name": "weather",
            },
            "type": "function",
          },
          "tools": [
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
            {
              "function": {
                "name": "noop",
                "strict": false,
              },
              "type": "function",
            },
          ],
          "top_p": 0.9,
          "user": "user-1",
        },
        "droppedTools": [],
        "response": {
          "frequency_penalty": 0.1,
          "instructions": "Answer in JSON.",
          "max_output_tokens": 256,
          "max_tool_calls": null,
          "metadata": {
            "session": "s1",
          },
          "model": "qwen3",
          "parallel_tool_calls": false,
          "presence_penalty": 0.3,
          "prompt_cache_key": null,
          "reasoning": {
            "effort": "low",
            "summary": "auto",
          },
          "safety_identifier": "hashed-user",
          "temperature": 0.2,
          "text": {
            "format": {
              "name": "city",
              "schema": {
                "additionalProperties": false,
                "properties": {
                  "city": {
                    "type": "string",
                  },
                },
                "required": [
                  "city",
                ],
                "type": "object",
              },
              "strict": true,
              "type": "json_schema",
            },
            "verbosity": "medium",
          },
          "tool_choice": {
            "name": "weather",
            "type": "function",
          },
          "tools": [
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
            {
              "description": null,
              "name": "noop",
              "parameters": null,
              "strict": false,
              "type": "function",
            },
          ],
          "top_logprobs": 0,
          "top_p": 0.9,
          "user": "user-1",
        },
        "tools": Map {
          "weather" => {
            "kind": "function",
            "name": "weather",
          },
          "noop" => {
            "kind": "function",
            "name": "noop",
          },
        },
      }
    `);
  });

  it('echoes the Responses API defaults for a bare request', () => {
    const { body, response } = toChatRequest({ model: 'm', input: 'Hi' });
    expect(body).toEqual({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    expect(response).toMatchInlineSnapshot(`
      {
        "frequency_penalty": 0,
        "instructions": null,
        "max_output_tokens": null,
        "max_tool_calls": null,
        "metadata": {},
        "model": "m",
        "parallel_tool_calls": true,
        "presence_penalty": 0,
        "prompt_cache_key": null,
        "reasoning": {
          "effort": null,
          "summary": null,
        },
        "safety_identifier": null,
        "temperature": 1,
        "text": {
          "format": {
            "type": "text",
          },
          "verbosity": "medium",
        },
        "tool_choice": "auto",
        "tools": [],
        "top_logprobs": 0,
        "top_p": 1,
      }
    `);
  });

  it('sends tool_choice and parallel_tool_calls only with tools, as OpenAI requires', () => {
    const { body, response } = toChatRequest({
      model: 'm',
      input: 'Hi',
      tools: [],
      tool_choice: 'none',
      parallel_tool_calls: false,
    });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
    // The Response still reports what was asked.
    expect(response).toMatchObject({ tool_choice: 'none', parallel_tool_calls: false });
  });

  it('asks for a JSON object for the json_object format, and nothing for text', () => {
    const jsonObject = toChatRequest({
      model: 'm',
      input: 'Hi',
      text: { format: { type: 'json_object' } },
    });
    expect(jsonObject.body.response_format).toEqual({ type: 'json_object' });
    expect(jsonObject.response.text).toEqual({
      format: { type: 'json_object' },
      verbosity: 'medium',
    });
    const plain = toChatRequest({ model: 'm', input: 'Hi', text: { format: { type: 'text' } } });
    expect(plain.body).not.toHaveProperty('response_format');
  });

  it('sends the verbosity and echoes it beside the format', () => {
    const { body, response } = toChatRequest({
      model: 'm',
      input: 'Hi',
      text: { verbosity: 'low' },
    });
    expect(body.verbosity).toBe('low');
    expect(response.text).toEqual({ format: { type: 'text' }, verbosity: 'low' });
  });

  it('sends no setting that is null, and echoes the defaults the spec types as numbers', () => {
    const { body, response } = toChatRequest({
      model: 'm',
      input: 'Hi',
      temperature: null,
      top_p: null,
      max_output_tokens: null,
      reasoning: { effort: null },
    });
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
    // The Open Responses spec types temperature and top_p as numbers: the API reports 1.
    expect(response).toMatchObject({
      temperature: 1,
      top_p: 1,
      max_output_tokens: null,
      reasoning: { effort: null, summary: null },
    });
  });

  it('passes the fields every Chat Completions backend shares, and not OpenAI-only hints', () => {
    const { body, response } = toChatRequest({
      model: 'm',
      input: 'Hi',
      service_tier: 'flex',
      prompt_cache_key: 'cache-1',
      prompt_cache_retention: '24h',
      user: 'user-1',
      safety_identifier: 'hashed-user',
    });
    expect(body).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hi' }],
      service_tier: 'flex',
      user: 'user-1',
    });
    // Still echoed, as the API reports them.
    expect(response).toMatchObject({
      prompt_cache_key: 'cache-1',
      safety_identifier: 'hashed-user',
    });
  });

  it('asks for logprobs when the request includes them', () => {
    const { body, response } = toChatRequest({
      model: 'm',
      input: 'Hi',
      include: ['message.output_text.logprobs'],
      top_logprobs: 3,
    });
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 3 });
    expect(response.top_logprobs).toBe(3);
  });

  it('adds the tools of additional_tools items and tool search outputs to the request’s', () => {
    const { body, tools } = toChatRequest({
      model: 'm',
      tools: [{ type: 'function', name: 'a' }],
      input: [
        {
          type: 'additional_tools',
          role: 'developer',
          tools: [
            {
              type: 'namespace',
              name: 'fns',
              description: '',
              tools: [{ type: 'custom', name: 'exec' }],
            },
          ],
        },
        { role: 'user', content: 'Hi' },
        {
          type: 'tool_search_output',
          call_id: 'call_s',
          execution: 'client',
          tools: [{ type: 'function', name: 'found' }],
        },
      ] as unknown as Parameters<typeof toChatRequest>[0]['input'],
    });
    expect(
      body.tools?.map((tool) => (tool as { function: { name: string } }).function.name),
    ).toEqual(['a', 'fns__exec', 'found']);
    expect(tools.get('fns__exec')).toEqual({ kind: 'custom', name: 'exec', namespace: 'fns' });
  });

  it('sets extraBody last, over the converted fields', () => {
    const { body } = toChatRequest(
      { model: 'm', input: 'Hi', temperature: 0.2 },
      { extraBody: { temperature: 1, top_k: 20 } },
    );
    expect(body).toMatchObject({ temperature: 1, top_k: 20 });
  });

  it('echoes user only when the request set it', () => {
    expect(toChatRequest({ model: 'm', input: 'Hi' }).response).not.toHaveProperty('user');
    expect(toChatRequest({ model: 'm', input: 'Hi', user: 'u' }).response.user).toBe('u');
  });

  it('refuses a tool choice that names no tool', () => {
    const error = thrownBy(
      () =>
        toChatRequest({
          model: 'm',
          input: 'Hi',
          tools: [weather],
          tool_choice: { type: 'function', name: 'time' },
        }),
      ChatRequestError,
    );
    expect(error.param).toBe('tool_choice.name');
  });
});
