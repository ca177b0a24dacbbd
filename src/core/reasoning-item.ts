/**
 * A reasoning item: summary parts (`reasoning_content`), reasoning text parts (`reasoning`, one
 * per thinking block or reasoning detail) and, in `encrypted_content`, the envelope that sends
 * it back in the dialect it came in (signatures and redacted blocks included).
 */
import type { ResponseReasoningItem } from 'openai/resources/responses/responses';
import {
  encodeReasoningEnvelope,
  type ReasoningDetail,
  type ReasoningEnvelope,
  type ReasoningFormat,
  type ThinkingBlock,
  type ThoughtSignature,
} from './reasoning-envelope';
import type { ItemStatus, StreamState } from './stream-state';

/** Texts grow by concatenation, kept as ropes: no copy as they grow (see message-item). */
interface ReasoningPart {
  index: number;
  /** The block or detail a reasoning text part belongs to; a new one starts a new part. */
  key: string | undefined;
  text: string;
}

/** A reasoning detail being streamed: its text and summary, once a fragment brought them. */
interface OpenDetail {
  position: number;
  detail: ReasoningDetail;
  text: string | undefined;
  summary: string | undefined;
}

/** Later formats win: a signed form is the one that must go back. */
const formatStrength: Record<ReasoningFormat, number> = {
  reasoning_content: 1,
  reasoning: 2,
  reasoning_details: 3,
  thinking_blocks: 4,
};

export class ReasoningItem {
  readonly type = 'reasoning';
  readonly itemId: string;
  readonly outputIndex: number;
  private readonly state: StreamState;
  private format: ReasoningFormat | undefined;
  /** Closed thinking blocks, and the text of the open one. */
  private readonly blocks: ThinkingBlock[] = [];
  /** The thinking text of the open block. */
  private openBlock: string | undefined;
  private readonly details: OpenDetail[] = [];
  private readonly thoughtSignatures: Record<string, ThoughtSignature> = {};
  private hasThoughtSignatures = false;
  private readonly detailsByIndex = new Map<number, OpenDetail>();
  private readonly summary: ResponseReasoningItem.Summary[] = [];
  private readonly content: ResponseReasoningItem.Content[] = [];
  private openSummary: ReasoningPart | undefined;
  private openContent: ReasoningPart | undefined;

  constructor(state: StreamState) {
    this.state = state;
    this.itemId = state.generateId('rs');
    this.outputIndex = state.takeOutputIndex();
    state.addItem(this.outputIndex, this.toItem('in_progress'));
  }

  /** `reasoning_content` and reasoning-detail summaries. */
  appendSummary(text: string, format: ReasoningFormat = 'reasoning_content'): void {
    this.noteFormat(format);
    let part = this.openSummary;
    if (part === undefined) {
      part = { index: this.summary.length, key: undefined, text: '' };
      this.openSummary = part;
      this.state.emit({
        type: 'response.reasoning_summary_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        summary_index: part.index,
        part: { type: 'summary_text', text: '' },
      });
    }
    part.text += text;
    this.state.emit({
      type: 'response.reasoning_summary_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      summary_index: part.index,
      delta: text,
    });
  }

  /** Reasoning text; `key` names the block it belongs to, and a new block is a new part. */
  appendText(text: string, format: ReasoningFormat | undefined, key?: string): void {
    if (format !== undefined) this.noteFormat(format);
    let part = this.openContent;
    if (part !== undefined && part.key !== key) {
      this.closeContent();
      part = undefined;
    }
    if (part === undefined) {
      part = { index: this.content.length, key, text: '' };
      this.openContent = part;
      this.state.emit({
        type: 'response.content_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        content_index: part.index,
        part: { type: 'reasoning_text', text: '' },
      });
    }
    part.text += text;
    this.state.emit({
      type: 'response.reasoning_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.index,
      delta: text,
    });
  }

  /**
   * A fragment of the current Anthropic thinking block (its signature ends it), or a whole
   * redacted block.
   */
  addThinking(block: ThinkingBlock): void {
    this.noteFormat('thinking_blocks');
    if (block.type === 'redacted_thinking') {
      this.closeBlock();
      this.blocks.push(block);
      return;
    }
    if (block.thinking !== '') {
      this.openBlock = (this.openBlock ?? '') + block.thinking;
      this.appendText(block.thinking, 'thinking_blocks', `thinking:${this.blocks.length}`);
    }
    if (block.signature !== undefined) this.closeBlock(block.signature);
  }

  /** A fragment of an OpenRouter reasoning detail, continued by its `index`. */
  addDetail(fragment: ReasoningDetail, showSummary: boolean): void {
    this.noteFormat('reasoning_details');
    let open = fragment.index === undefined ? undefined : this.detailsByIndex.get(fragment.index);
    if (open === undefined || open.detail.type !== fragment.type) {
      open = {
        position: this.details.length,
        detail: { type: fragment.type },
        text: undefined,
        summary: undefined,
      };
      this.details.push(open);
      if (fragment.index !== undefined) this.detailsByIndex.set(fragment.index, open);
    }
    const { detail } = open;
    detail.id ??= fragment.id;
    detail.format ??= fragment.format;
    detail.index ??= fragment.index;
    if (fragment.signature !== undefined) detail.signature = fragment.signature;
    if (fragment.data !== undefined) detail.data = fragment.data;
    if (fragment.text !== undefined) {
      open.text = (open.text ?? '') + fragment.text;
      this.appendText(fragment.text, 'reasoning_details', `detail:${open.position}`);
    }
    if (fragment.summary !== undefined) {
      open.summary = (open.summary ?? '') + fragment.summary;
      if (showSummary) this.appendSummary(fragment.summary, 'reasoning_details');
    }
  }

  /** The thought signature of a call that follows this reasoning, kept in its envelope. */
  addThoughtSignature(callId: string, signature: ThoughtSignature): void {
    this.thoughtSignatures[callId] = signature;
    this.hasThoughtSignatures = true;
  }

  close(status: ItemStatus): void {
    const { itemId, outputIndex } = this;
    const summary = this.openSummary;
    if (summary !== undefined) {
      this.openSummary = undefined;
      const { text } = summary;
      this.state.emit({
        type: 'response.reasoning_summary_text.done',
        item_id: itemId,
        output_index: outputIndex,
        summary_index: summary.index,
        text,
      });
      this.state.emit({
        type: 'response.reasoning_summary_part.done',
        item_id: itemId,
        output_index: outputIndex,
        summary_index: summary.index,
        part: { type: 'summary_text', text },
      });
      this.summary.push({ type: 'summary_text', text });
    }
    this.closeContent();
    this.closeBlock();
    this.state.closeItem(outputIndex, this.toItem(status));
  }

  private closeContent(): void {
    const content = this.openContent;
    if (content === undefined) return;
    this.openContent = undefined;
    const { text } = content;
    this.state.emit({
      type: 'response.reasoning_text.done',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: content.index,
      text,
    });
    this.state.emit({
      type: 'response.content_part.done',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: content.index,
      part: { type: 'reasoning_text', text },
    });
    this.content.push({ type: 'reasoning_text', text });
  }

  private closeBlock(signature?: string): void {
    const thinking = this.openBlock;
    if (thinking === undefined && signature === undefined) return;
    this.openBlock = undefined;
    this.blocks.push({
      type: 'thinking',
      thinking: thinking ?? '',
      ...(signature !== undefined ? { signature } : {}),
    });
  }

  private noteFormat(format: ReasoningFormat): void {
    const current = this.format;
    if (current === undefined || formatStrength[format] > formatStrength[current]) {
      this.format = format;
    }
  }

  /** What the item needs to go back as it came; plain `reasoning_content` needs nothing. */
  private envelope(): ReasoningEnvelope | undefined {
    const dialect = this.dialectEnvelope();
    if (!this.hasThoughtSignatures) return dialect;
    return {
      ...(dialect ?? { format: 'reasoning_content' }),
      thoughtSignatures: { ...this.thoughtSignatures },
    };
  }

  private dialectEnvelope(): ReasoningEnvelope | undefined {
    switch (this.format) {
      case 'thinking_blocks':
        return { format: 'thinking_blocks', blocks: this.blocks.map((block) => ({ ...block })) };
      case 'reasoning_details':
        return {
          format: 'reasoning_details',
          details: this.details.map(({ detail, text, summary }) => ({
            ...detail,
            ...(text !== undefined ? { text } : {}),
            ...(summary !== undefined ? { summary } : {}),
          })),
        };
      case 'reasoning':
        return { format: 'reasoning' };
      default:
        return undefined;
    }
  }

  private toItem(status: NonNullable<ResponseReasoningItem['status']>): ResponseReasoningItem {
    const item: ResponseReasoningItem = {
      id: this.itemId,
      type: 'reasoning',
      summary: status === 'in_progress' ? [] : this.summary.map((part) => ({ ...part })),
      status,
    };
    if (status !== 'in_progress' && this.content.length > 0) {
      item.content = this.content.map((part) => ({ ...part }));
    }
    const envelope = status === 'in_progress' ? undefined : this.envelope();
    if (envelope !== undefined) item.encrypted_content = encodeReasoningEnvelope(envelope);
    return item;
  }
}
