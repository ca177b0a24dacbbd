/**
 * The spec validator judges, so it is tested too: a real stream of the deployed API passes it,
 * every kind of violation fails it with its path, and each documented exception relaxes exactly
 * its own field and nothing else.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { readResponsesStream } from './fixtures';
import { checkEventSequence, finalResponseOf } from './invariants';
import {
  knownEventTypes,
  openResponsesSpecPath,
  validateEvent,
  validateResponse,
} from './open-responses-schema';

const recording = readResponsesStream('conformance-openai-gpt-4.1-nano-text');
const response = finalResponseOf(recording);
const location = { sequence_number: 3, item_id: 'rs_1', output_index: 0 };

/** The recorded final Response with `fields` replaced (or removed, when undefined). */
function responseWith(fields: Record<string, unknown>): unknown {
  const copy: Record<string, unknown> = { ...structuredClone(response) };
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy;
}

const jsonSchemaFormat = {
  type: 'json_schema',
  name: 'weather',
  description: null,
  schema: { type: 'object', properties: { city: { type: 'string' } } },
  strict: true,
};

const customCall = {
  id: 'ctc_1',
  type: 'custom_tool_call',
  status: 'completed',
  call_id: 'call_1',
  name: 'apply_patch',
  input: '*** Begin Patch',
};

describe('the Open Responses spec validator', () => {
  it('reads the copy of the spec the README names', () => {
    const sha256 = createHash('sha256').update(readFileSync(openResponsesSpecPath)).digest('hex');
    expect(sha256).toBe('1f469fc044bc3c0ee9bb8210b76435ce2386ed792c16863f8dc9bd6070b87f6a');
  });

  it('knows the 24 streaming events of the spec, and the OpenAI names it maps', () => {
    const types = knownEventTypes();
    expect(types).toHaveLength(28);
    expect(types).toEqual(
      expect.arrayContaining([
        'response.created',
        'response.reasoning.delta',
        'error',
        'response.reasoning_text.delta',
        'response.reasoning_text.done',
        'response.custom_tool_call_input.delta',
        'response.custom_tool_call_input.done',
      ]),
    );
  });

  it('accepts every event of a real stream of the deployed API', () => {
    for (const event of recording) {
      expect(validateEvent(event), `${event.sequence_number} ${event.type}`).toEqual([]);
    }
    expect(validateResponse(response)).toEqual([]);
  });

  it('fails an event type the spec does not have', () => {
    expect(validateEvent({ type: 'response.web_search_call.searching', ...location })).toEqual([
      '/type: "response.web_search_call.searching" is not an event type of the Open Responses spec',
    ]);
    expect(validateEvent({ sequence_number: 0 })).toEqual([
      '/type: must be a string naming the event',
    ]);
  });

  it('names the path and the rule of each violation', () => {
    const event = recording.find((each) => each.type === 'response.output_text.delta')!;
    const { delta: _delta, ...withoutDelta } = event as ResponseStreamEvent & { delta: string };
    expect(validateEvent({ ...withoutDelta, content_index: 'zero' })).toEqual([
      "/: must have required property 'delta'",
      '/content_index: must be integer',
    ]);
    const done = recording.find((each) => each.type === 'response.output_item.done')!;
    const item = { ...(done as { item: object }).item, status: 'done' };
    expect(validateEvent({ ...done, item })).toContain(
      '/item/status: must be equal to one of the allowed values {"allowedValues":["in_progress","completed","incomplete"]}',
    );
  });

  it('checks every field of the Response, snapshots included', () => {
    expect(validateResponse(responseWith({ completed_at: undefined }))).toEqual([
      "/: must have required property 'completed_at'",
    ]);
    expect(validateResponse(responseWith({ usage: { input_tokens: 1.5 } }))).toEqual(
      expect.arrayContaining(['/usage/input_tokens: must be integer', '/usage: must be null']),
    );
    const created = recording[0]!;
    const snapshot = { ...(created as { response: Response }).response, model: null };
    expect(validateEvent({ ...created, response: snapshot })).toContain(
      '/response/model: must be string',
    );
  });

  it('wants the error event nested, as the spec has it', () => {
    const flat = { type: 'error', sequence_number: 4, code: 'x', message: 'Boom', param: null };
    expect(validateEvent(flat)).toEqual(["/: must have required property 'error'"]);
    const nested = { type: 'server_error', code: null, message: 'Boom', param: null };
    expect(validateEvent({ ...flat, error: nested })).toEqual([]);
    expect(validateEvent({ ...flat, error: { ...nested, type: undefined } })).toEqual([
      "/error: must have required property 'type'",
    ]);
  });

  describe('exception (a): reasoning_text events under the spec’s reasoning schemas', () => {
    it('accepts response.reasoning_text.delta and .done as response.reasoning.delta and .done', () => {
      const delta = { type: 'response.reasoning_text.delta', ...location, content_index: 0 };
      expect(validateEvent({ ...delta, delta: 'Thinking' })).toEqual([]);
      const done = { type: 'response.reasoning_text.done', ...location, content_index: 0 };
      expect(validateEvent({ ...done, text: 'Thinking' })).toEqual([]);
    });

    it('still checks their fields', () => {
      const delta = { type: 'response.reasoning_text.delta', ...location, delta: 'Thinking' };
      expect(validateEvent(delta)).toEqual(["/: must have required property 'content_index'"]);
      const done = { type: 'response.reasoning_text.done', ...location, content_index: 0 };
      expect(validateEvent(done)).toEqual(["/: must have required property 'text'"]);
    });
  });

  describe('exception (b): text.format.schema of a json_schema format', () => {
    it('accepts a real schema there', () => {
      expect(validateResponse(responseWith({ text: { format: jsonSchemaFormat } }))).toEqual([]);
    });

    it('relaxes only that field', () => {
      const { name: _name, ...withoutName } = jsonSchemaFormat;
      expect(validateResponse(responseWith({ text: { format: withoutName } }))).toContain(
        "/text/format: must have required property 'name'",
      );
      const notASchema = { ...jsonSchemaFormat, schema: 'object' };
      expect(validateResponse(responseWith({ text: { format: notASchema } }))).toContain(
        '/text/format/schema: must be object',
      );
    });
  });

  describe('exception (c): custom tool calls, against the openai types', () => {
    it('accepts a custom_tool_call item in the output and in output_item events', () => {
      expect(validateResponse(responseWith({ output: [customCall] }))).toEqual([]);
      const added = { type: 'response.output_item.added', sequence_number: 2, output_index: 0 };
      expect(validateEvent({ ...added, item: { ...customCall, status: 'in_progress' } })).toEqual(
        [],
      );
    });

    it('fails a custom_tool_call item without the fields the openai type requires', () => {
      const { call_id: _callId, ...withoutCallId } = customCall;
      expect(validateResponse(responseWith({ output: [withoutCallId] }))).toEqual([
        "/output/0: must have required property 'call_id'",
        '/output/0: must match "then" schema',
      ]);
      expect(validateResponse(responseWith({ output: [{ ...customCall, input: {} }] }))).toContain(
        '/output/0/input: must be string',
      );
    });

    it('still judges every other item by the spec', () => {
      const errors = validateResponse(responseWith({ output: [{ ...customCall, type: 'bogus' }] }));
      expect(errors).toContain('/output/0: must match exactly one schema in oneOf');
    });

    it('checks the custom_tool_call_input events', () => {
      const delta = { type: 'response.custom_tool_call_input.delta', ...location };
      expect(validateEvent({ ...delta, delta: '*** Begin' })).toEqual([]);
      expect(validateEvent(delta)).toEqual(["/: must have required property 'delta'"]);
      const done = { type: 'response.custom_tool_call_input.done', ...location };
      expect(validateEvent({ ...done, input: '*** Begin' })).toEqual([]);
      expect(validateEvent({ ...done, input: 1 })).toEqual(['/input: must be string']);
    });
  });

  it('is applied by checkEventSequence to every event and snapshot', () => {
    const events = recording.map((event) =>
      event.type === 'response.completed'
        ? { ...event, response: { ...event.response, top_p: '1' } }
        : event,
    );
    expect(() => checkEventSequence(events as ResponseStreamEvent[])).toThrow(
      /response\.completed\) under the Open Responses spec[\s\S]*\/response\/top_p: must be number/,
    );
  });
});
