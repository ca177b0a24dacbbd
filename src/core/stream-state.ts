/**
 * The one state every item of a stream shares: the event queue, the sequence number, the next
 * output index and the final output array. Items emit through it; `toResponsesEvents` drains the
 * queue after every chunk, so each event leaves in the same tick as the chunk that caused it.
 */
import type { ResponseOutputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { GenerateId } from './generate-id';
import type { Citations } from './read-chunk';

/** Payload of an event, without the `sequence_number` the state adds. */
export type EventBody<E = ResponseStreamEvent> = E extends ResponseStreamEvent
  ? Omit<E, 'sequence_number'>
  : never;

export type ItemStatus = 'completed' | 'incomplete';

export class StreamState {
  /** Events produced and not yet handed out. */
  readonly queue: ResponseStreamEvent[] = [];
  /** The items that are done, at their output index. */
  readonly output: ResponseOutputItem[] = [];
  readonly generateId: GenerateId;
  /** Perplexity's latest `citations`, until a text part takes them. */
  citations: Citations | undefined;
  private sequenceNumber = 0;
  private nextOutputIndex = 0;

  constructor(generateId: GenerateId) {
    this.generateId = generateId;
  }

  emit(event: EventBody): void {
    (event as ResponseStreamEvent).sequence_number = this.sequenceNumber++;
    this.queue.push(event as ResponseStreamEvent);
  }

  /** The output index of the next item, which is its position in the final output. */
  takeOutputIndex(): number {
    return this.nextOutputIndex++;
  }

  addItem(outputIndex: number, item: ResponseOutputItem): void {
    this.emit({ type: 'response.output_item.added', output_index: outputIndex, item });
  }

  closeItem(outputIndex: number, item: ResponseOutputItem): void {
    this.output[outputIndex] = item;
    this.emit({ type: 'response.output_item.done', output_index: outputIndex, item });
  }
}
