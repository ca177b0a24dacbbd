/**
 * Tool call items: `function_call`, and `custom_tool_call` for a custom tool's freeform input.
 * A call is added once its name and id are known, in the order calls began, and closed only at
 * the end of the stream: never because its arguments parse, nor because another index began
 * (providers interleave parallel calls), nor at the finish reason (fragments can follow it).
 * Each call's own events are in `tool-call.ts`.
 */
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { ToolCallDelta } from './read-tool-calls';
import type { StreamState } from './stream-state';
import type { ToolMap } from './to-chat-tools';
import { ToolCall } from './tool-call';

/**
 * A function call item as this library emits it: Gemini's thought signature travels with it, in
 * the shape openai-agents-python uses, and also in Gemini's own field when it came in that one
 * (the field it goes back in).
 */
export type ResponseFunctionToolCallWithSignature = ResponseFunctionToolCall & {
  provider_specific_fields?: { google: { thought_signature: string } };
  extra_content?: { google: { thought_signature: string } };
};

/** The calls of a stream that are not closed yet, and which call each delta continues. */
export class OpenCalls {
  /** In the order they began. */
  readonly calls: ToolCall[] = [];
  private readonly byIndex = new Map<number, ToolCall>();
  private last: ToolCall | undefined;
  /** How many calls, from the first, have been added: later ones wait for those before them. */
  private addedCount = 0;
  private readonly state: StreamState;
  /** Called before a call is added: the reasoning and the message before it close. */
  private readonly beforeAdd: (call: ToolCall) => void;
  private readonly tools: ToolMap | undefined;

  constructor(state: StreamState, beforeAdd: (call: ToolCall) => void, tools?: ToolMap) {
    this.state = state;
    this.beforeAdd = beforeAdd;
    this.tools = tools;
  }

  onDelta(delta: ToolCallDelta): void {
    // A delta that carries nothing (no id, name, arguments or signature) starts nothing: some
    // providers send an empty continuation after the finish reason closed the call.
    if (
      delta.id === undefined &&
      delta.name === undefined &&
      (delta.arguments === undefined || delta.arguments === '') &&
      delta.thoughtSignature === undefined
    ) {
      return;
    }
    const call = this.callFor(delta);
    if (delta.kind === 'custom') call.kind = 'custom';
    if (delta.name !== undefined && call.name === '') call.name = delta.name;
    if (delta.id !== undefined && call.callId === '') call.callId = delta.id;
    if (delta.thoughtSignature !== undefined) call.thoughtSignature = delta.thoughtSignature;
    if (delta.arguments !== undefined && delta.arguments !== '') {
      call.appendArguments(delta.arguments);
    }
    this.addReady();
  }

  /**
   * Adds every call that is ready, in the order calls began: a call waits for those that began
   * before it, so that output order is start order whatever order their headers complete in.
   * With `all`, calls whose name or id never came are added too (the seed's fallback).
   */
  addReady(all = false): void {
    while (this.addedCount < this.calls.length) {
      const call = this.calls[this.addedCount]!;
      if (!call.ready && !all) return;
      call.ensureCallId();
      this.beforeAdd(call);
      call.add();
      this.addedCount++;
    }
  }

  /** Forgets every call: they have all been closed. */
  clear(): void {
    this.calls.length = 0;
    this.byIndex.clear();
    this.last = undefined;
    this.addedCount = 0;
  }

  /** The call a tool-call delta continues, or a new one. */
  private callFor(delta: ToolCallDelta): ToolCall {
    let call: ToolCall | undefined;
    if (delta.index !== undefined) {
      call = this.byIndex.get(delta.index);
      // A new id at a known index is a new call: some Gemini versions give every parallel
      // call index 0.
      if (
        call !== undefined &&
        delta.id !== undefined &&
        call.callId !== '' &&
        delta.id !== call.callId
      ) {
        call = undefined;
      }
      // A known id at a new index is the same call: two indexes must not make two items
      // with one call id.
      if (call === undefined && delta.id !== undefined) call = this.withId(delta.id);
      if (call !== undefined) this.byIndex.set(delta.index, call);
    } else if (delta.id !== undefined) {
      // Without an index, an id names its call; a call that so far had none takes it.
      call = this.withId(delta.id) ?? (this.last?.callId === '' ? this.last : undefined);
    } else if (delta.name !== undefined) {
      // Without index or id, a name starts a call (Gemini's parallel calls), unless the last
      // call is still waiting for its own.
      call = this.last?.name === '' ? this.last : undefined;
    } else {
      call = this.last;
    }
    if (call === undefined) {
      call = new ToolCall(this.state, delta.kind, this.tools);
      this.calls.push(call);
      if (delta.index !== undefined) this.byIndex.set(delta.index, call);
    }
    this.last = call;
    return call;
  }

  private withId(id: string): ToolCall | undefined {
    for (const call of this.calls) if (call.callId === id) return call;
    return undefined;
  }
}
