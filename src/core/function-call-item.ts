/**
 * Tool call items: `function_call`, and `custom_tool_call` for a custom tool's freeform input.
 * A call is added once its name and id are known, in the order calls began, and closed only at
 * the end of the stream: never because its arguments parse, nor because another index began
 * (providers interleave parallel calls), nor at the finish reason (fragments can follow it).
 */
import type {
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
} from 'openai/resources/responses/responses';
import { CustomInputDecoder } from './custom-input-decoder';
import type { ToolCallDelta } from './read-tool-calls';
import type { ThoughtSignature } from './reasoning-envelope';
import { type ItemStatus, joinPieces, type StreamState } from './stream-state';
import type { ToolMap, ToolTarget } from './to-chat-tools';

/**
 * A function call item as this library emits it: Gemini's thought signature travels with it, in
 * the shape openai-agents-python uses, and also in Gemini's own field when it came in that one
 * (the field it goes back in).
 */
export type ResponseFunctionToolCallWithSignature = ResponseFunctionToolCall & {
  provider_specific_fields?: { google: { thought_signature: string } };
  extra_content?: { google: { thought_signature: string } };
};

type ToolCallItem = ResponseFunctionToolCallWithSignature | ResponseCustomToolCall;

/**
 * The item a call becomes: a function call; a custom tool call whose input streamed as it is
 * (`raw`, the upstream's own custom tools) or inside `{"input": …}` arguments (`decoded`, a
 * custom tool the request side declared as a function); a client-executed tool search call.
 */
type ItemKind = 'function' | 'custom-raw' | 'custom-decoded' | 'tool_search';

export class ToolCall {
  /** `custom` when the upstream itself called a custom tool. */
  kind: 'function' | 'custom';
  /** Set when the item is added to the output, once its name and call id are known. */
  itemId: string | undefined;
  outputIndex = -1;
  callId = '';
  name = '';
  thoughtSignature: ThoughtSignature | undefined;
  /**
   * Bedrock sends `{}` as the first fragment of arguments that then follow in full (`{}{"a":1}`):
   * a first `{}` is held back until the next fragment shows whether it stands alone. Only JSON
   * arguments get this: a custom tool's freeform input may well begin with `{}`.
   */
  private heldEmptyObject = false;
  private readonly argumentPieces: string[] = [];
  private readonly state: StreamState;
  private readonly tools: ToolMap | undefined;
  private itemKind: ItemKind = 'function';
  /** The tool the call is for, as the client named it (its namespace, a custom tool's name). */
  private target: ToolTarget | undefined;
  private decoder: CustomInputDecoder | undefined;

  constructor(state: StreamState, kind: 'function' | 'custom', tools: ToolMap | undefined) {
    this.state = state;
    this.kind = kind;
    this.tools = tools;
  }

  get added(): boolean {
    return this.itemId !== undefined;
  }

  get ready(): boolean {
    return this.name !== '' && this.callId !== '';
  }

  /** The call id, made up when the upstream gave none. */
  ensureCallId(): string {
    if (this.callId === '') this.callId = this.state.generateId('call');
    return this.callId;
  }

  /** Adds the item; arguments that arrived before the name or id go out in one delta. */
  add(): void {
    const { state } = this;
    this.ensureCallId();
    this.target = this.tools?.get(this.name);
    this.itemKind =
      this.kind === 'custom'
        ? 'custom-raw'
        : this.target?.kind === 'custom'
          ? 'custom-decoded'
          : this.target?.kind === 'tool_search'
            ? 'tool_search'
            : 'function';
    if (this.itemKind === 'custom-decoded') this.decoder = new CustomInputDecoder();
    const prefix = {
      function: 'fc',
      'custom-raw': 'ctc',
      'custom-decoded': 'ctc',
      tool_search: 'tsc',
    };
    this.itemId = state.generateId(prefix[this.itemKind]);
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress', ''));
    if (this.argumentPieces.length > 0) this.emitDelta(joinPieces(this.argumentPieces));
  }

  appendArguments(text: string): void {
    if (
      this.kind === 'function' &&
      this.argumentPieces.length === 0 &&
      !this.heldEmptyObject &&
      text.trim() === '{}'
    ) {
      this.heldEmptyObject = true;
      return;
    }
    if (this.heldEmptyObject) {
      this.heldEmptyObject = false;
      if (!text.trimStart().startsWith('{')) this.pushArguments('{}');
    }
    this.pushArguments(text);
  }

  close(status: ItemStatus): void {
    if (this.heldEmptyObject) {
      this.heldEmptyObject = false;
      this.pushArguments('{}');
    }
    const args = joinPieces(this.argumentPieces);
    const location = { item_id: this.itemId!, output_index: this.outputIndex };
    switch (this.itemKind) {
      case 'function':
        this.state.emit({
          type: 'response.function_call_arguments.done',
          ...location,
          arguments: args,
        });
        this.state.closeItem(this.outputIndex, this.toItem(status, args));
        return;
      case 'custom-raw':
        this.state.emit({ type: 'response.custom_tool_call_input.done', ...location, input: args });
        this.state.closeItem(this.outputIndex, this.toItem(status, args));
        return;
      case 'custom-decoded': {
        const { input, rest } = this.decoder!.finish();
        if (rest !== '') {
          this.state.emit({
            type: 'response.custom_tool_call_input.delta',
            ...location,
            delta: rest,
          });
        }
        this.state.emit({ type: 'response.custom_tool_call_input.done', ...location, input });
        this.state.closeItem(this.outputIndex, this.toItem(status, input));
        return;
      }
      case 'tool_search':
        this.state.closeItem(this.outputIndex, this.toItem(status, args));
        return;
    }
  }

  private pushArguments(text: string): void {
    this.argumentPieces.push(text);
    if (this.itemId !== undefined) this.emitDelta(text);
  }

  private emitDelta(fragment: string): void {
    const location = { item_id: this.itemId!, output_index: this.outputIndex };
    switch (this.itemKind) {
      case 'function':
        this.state.emit({
          type: 'response.function_call_arguments.delta',
          ...location,
          delta: fragment,
        });
        return;
      case 'custom-raw':
        this.state.emit({
          type: 'response.custom_tool_call_input.delta',
          ...location,
          delta: fragment,
        });
        return;
      case 'custom-decoded': {
        const delta = this.decoder!.push(fragment);
        if (delta !== '') {
          this.state.emit({ type: 'response.custom_tool_call_input.delta', ...location, delta });
        }
        return;
      }
      case 'tool_search':
        // A tool search call carries its arguments as an object, whole, when it is done.
        return;
    }
  }

  private toItem(
    status: NonNullable<ResponseFunctionToolCall['status']>,
    args: string,
  ): ToolCallItem {
    const name = this.target?.name ?? this.name;
    const namespace = this.target?.namespace;
    const inNamespace = namespace !== undefined ? { namespace } : {};
    switch (this.itemKind) {
      case 'custom-raw':
      case 'custom-decoded':
        // The real API reports the custom call's status too, although the openai types omit it.
        return {
          id: this.itemId!,
          type: 'custom_tool_call',
          status,
          call_id: this.callId,
          name,
          input: args,
          ...inNamespace,
        } as unknown as ResponseCustomToolCall;
      case 'tool_search':
        return {
          id: this.itemId!,
          type: 'tool_search_call',
          call_id: this.callId,
          arguments: status === 'in_progress' ? {} : parseArguments(args),
          execution: 'client',
          status,
        } as unknown as ToolCallItem;
      case 'function': {
        const item: ResponseFunctionToolCallWithSignature = {
          id: this.itemId!,
          type: 'function_call',
          status,
          arguments: args,
          call_id: this.callId,
          name,
          ...inNamespace,
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
