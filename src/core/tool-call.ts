/**
 * One tool call's events: `output_item.added`, the argument (or custom input) deltas, their
 * `.done` event and `output_item.done`.
 */
import type { ResponseFunctionToolCall } from 'openai/resources/responses/responses';
import { CustomInputDecoder } from './custom-input-decoder';
import type { ThoughtSignature } from './reasoning-envelope';
import type { ItemStatus, StreamState } from './stream-state';
import type { ToolMap, ToolTarget } from './to-chat-tools';
import {
  type ToolCallItem,
  type ToolCallItemKind,
  toolCallItemIdPrefix,
  toToolCallItem,
  toToolCallItemKind,
} from './to-tool-call-item';

/**
 * One tool call of a stream: its item added once its name and id are known, its argument
 * deltas, and its done events; the events go out through the stream state.
 */
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
  // Grown by `+=`: V8 keeps it a rope, so each fragment costs its own length, and the done
  // event and the item share one string.
  private arguments = '';
  private argumentsStarted = false;
  private readonly state: StreamState;
  private readonly tools: ToolMap | undefined;
  private itemKind: ToolCallItemKind = 'function';
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
    this.itemKind = toToolCallItemKind(this.kind, this.target);
    if (this.itemKind === 'custom-decoded') this.decoder = new CustomInputDecoder();
    this.itemId = state.generateId(toolCallItemIdPrefix[this.itemKind]);
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress', ''));
    if (this.argumentsStarted) this.emitDelta(this.arguments);
  }

  appendArguments(text: string): void {
    if (
      this.kind === 'function' &&
      !this.argumentsStarted &&
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
    const args = this.arguments;
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
    this.arguments += text;
    this.argumentsStarted = true;
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
    return toToolCallItem(
      {
        kind: this.itemKind,
        itemId: this.itemId!,
        callId: this.callId,
        name: this.target?.name ?? this.name,
        namespace: this.target?.namespace,
        thoughtSignature: this.thoughtSignature,
      },
      status,
      args,
    );
  }
}
