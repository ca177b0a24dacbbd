/**
 * A reasoning item: summary parts (`reasoning_content`), reasoning text parts (`reasoning`,
 * thinking blocks, reasoning details) and the encrypted content that carries signatures.
 */
import type { ResponseReasoningItem } from 'openai/resources/responses/responses';
import { type ItemStatus, joinPieces, type StreamState } from './stream-state';

interface ReasoningPart {
  index: number;
  pieces: string[];
}

export class ReasoningItem {
  readonly type = 'reasoning';
  readonly itemId: string;
  readonly outputIndex: number;
  encryptedContent: string | undefined;
  private readonly state: StreamState;
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

  appendSummary(text: string): void {
    let part = this.openSummary;
    if (part === undefined) {
      part = { index: this.summary.length, pieces: [] };
      this.openSummary = part;
      this.state.emit({
        type: 'response.reasoning_summary_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        summary_index: part.index,
        part: { type: 'summary_text', text: '' },
      });
    }
    part.pieces.push(text);
    this.state.emit({
      type: 'response.reasoning_summary_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      summary_index: part.index,
      delta: text,
    });
  }

  appendText(text: string): void {
    let part = this.openContent;
    if (part === undefined) {
      part = { index: this.content.length, pieces: [] };
      this.openContent = part;
      this.state.emit({
        type: 'response.content_part.added',
        item_id: this.itemId,
        output_index: this.outputIndex,
        content_index: part.index,
        part: { type: 'reasoning_text', text: '' },
      });
    }
    part.pieces.push(text);
    this.state.emit({
      type: 'response.reasoning_text.delta',
      item_id: this.itemId,
      output_index: this.outputIndex,
      content_index: part.index,
      delta: text,
    });
  }

  close(status: ItemStatus): void {
    const { itemId, outputIndex } = this;
    const summary = this.openSummary;
    if (summary !== undefined) {
      this.openSummary = undefined;
      const text = joinPieces(summary.pieces);
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
    const content = this.openContent;
    if (content !== undefined) {
      this.openContent = undefined;
      const text = joinPieces(content.pieces);
      this.state.emit({
        type: 'response.reasoning_text.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: content.index,
        text,
      });
      this.state.emit({
        type: 'response.content_part.done',
        item_id: itemId,
        output_index: outputIndex,
        content_index: content.index,
        part: { type: 'reasoning_text', text },
      });
      this.content.push({ type: 'reasoning_text', text });
    }
    this.state.closeItem(outputIndex, this.toItem(status));
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
    if (status !== 'in_progress' && this.encryptedContent !== undefined) {
      item.encrypted_content = this.encryptedContent;
    }
    return item;
  }
}
