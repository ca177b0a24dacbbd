/**
 * Function call items. A call is added as soon as its name and id are known and closed only at
 * the finish reason or the end of the stream: never because its arguments parse, nor because
 * another index began (providers interleave parallel calls).
 */
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import type { ToolCallDelta } from './read-tool-calls';
import type { ThoughtSignature } from './reasoning-envelope';
import { type ItemStatus, joinPieces, type StreamState } from './stream-state';

/**
 * A function call item as this library emits it: Gemini's thought signature travels with it, in
 * the shape openai-agents-python uses, and also in Gemini's own field when it came in that one
 * (the field it goes back in).
 */
export type ResponseFunctionToolCallWithSignature = ResponseFunctionToolCall & {
  provider_specific_fields?: { google: { thought_signature: string } };
  extra_content?: { google: { thought_signature: string } };
};

export class FunctionCallItem {
  readonly type = 'function_call';
  /** Set when the item is added to the output, once its name and call id are known. */
  itemId: string | undefined;
  outputIndex = -1;
  callId = '';
  name = '';
  thoughtSignature: ThoughtSignature | undefined;
  private readonly argumentPieces: string[] = [];
  private readonly state: StreamState;

  constructor(state: StreamState) {
    this.state = state;
  }

  get added(): boolean {
    return this.itemId !== undefined;
  }

  /** Adds the item; arguments that arrived before the name or id go out in one delta. */
  add(): void {
    const { state } = this;
    if (this.callId === '') this.callId = state.generateId('call');
    const itemId = state.generateId('fc');
    this.itemId = itemId;
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress', ''));
    if (this.argumentPieces.length > 0) {
      state.emit({
        type: 'response.function_call_arguments.delta',
        item_id: itemId,
        output_index: this.outputIndex,
        delta: joinPieces(this.argumentPieces),
      });
    }
  }

  appendArguments(text: string): void {
    this.argumentPieces.push(text);
    if (this.itemId === undefined) return;
    this.state.emit({
      type: 'response.function_call_arguments.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      delta: text,
    });
  }

  close(status: ItemStatus): void {
    const args = joinPieces(this.argumentPieces);
    this.state.emit({
      type: 'response.function_call_arguments.done',
      item_id: this.itemId!,
      output_index: this.outputIndex,
      arguments: args,
    });
    this.state.closeItem(this.outputIndex, this.toItem(status, args));
  }

  private toItem(
    status: NonNullable<ResponseFunctionToolCall['status']>,
    args: string,
  ): ResponseFunctionToolCallWithSignature {
    const item: ResponseFunctionToolCallWithSignature = {
      id: this.itemId!,
      type: 'function_call',
      status,
      arguments: args,
      call_id: this.callId,
      name: this.name,
    };
    const signature = this.thoughtSignature;
    if (signature !== undefined) {
      const google = { thought_signature: signature.signature };
      item.provider_specific_fields = { google };
      if (signature.field === 'extra_content') item.extra_content = { google: { ...google } };
    }
    return item;
  }
}

/** The calls of a stream that are not closed yet, and which call each delta continues. */
export class OpenCalls {
  /** In the order they began. */
  readonly calls: FunctionCallItem[] = [];
  private readonly byIndex = new Map<number, FunctionCallItem>();
  private last: FunctionCallItem | undefined;
  private readonly state: StreamState;
  /** Called before a call is added: the reasoning and the message before it close. */
  private readonly beforeAdd: () => void;

  constructor(state: StreamState, beforeAdd: () => void) {
    this.state = state;
    this.beforeAdd = beforeAdd;
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
    if (delta.name !== undefined && call.name === '') call.name = delta.name;
    if (delta.id !== undefined && call.callId === '') call.callId = delta.id;
    if (delta.thoughtSignature !== undefined) call.thoughtSignature = delta.thoughtSignature;
    if (delta.arguments !== undefined && delta.arguments !== '') {
      call.appendArguments(delta.arguments);
    }
    if (!call.added && call.name !== '' && call.callId !== '') {
      this.beforeAdd();
      call.add();
    }
  }

  /** Forgets every call: they have all been closed. */
  clear(): void {
    this.calls.length = 0;
    this.byIndex.clear();
    this.last = undefined;
  }

  /** The call a tool-call delta continues, or a new one. */
  private callFor(delta: ToolCallDelta): FunctionCallItem {
    let call: FunctionCallItem | undefined;
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
    } else if (delta.id !== undefined) {
      call = this.calls.find((open) => open.callId === delta.id);
    } else {
      call = this.last;
    }
    if (call === undefined) {
      call = new FunctionCallItem(this.state);
      this.calls.push(call);
      if (delta.index !== undefined) this.byIndex.set(delta.index, call);
    }
    this.last = call;
    return call;
  }
}
