/**
 * Envelopes between the core and the clients of the server. Out: with
 * `include: ["reasoning.encrypted_content"]` every reasoning item carries its whole envelope
 * (text, dialect, blocks and signatures, thought signatures of the calls after it) sealed with
 * AES-GCM; without it, none, as the real API. A compaction item's summary is always sealed.
 * In: a sealed envelope a client sends back is opened for the core; one that does not
 * authenticate is refused.
 */
import type {
  Response,
  ResponseInputItem,
  ResponseItem,
  ResponseOutputItem,
  ResponseReasoningItem,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses';
import { decodeCompactionEnvelope, encodeCompactionEnvelope } from '../core/compaction-envelope';
import { type EnvelopeSealer, InvalidEnvelopeError } from '../core/envelope-sealer';
import { encodeReasoningEnvelope, toSealableEnvelope } from '../core/reasoning-envelope';
import { invalidRequest } from './responses-errors';

/** The input with every sealed envelope opened; a forged or foreign one is a 400. */
export async function openEnvelopes(
  input: string | ResponseInputItem[],
  sealer: EnvelopeSealer,
): Promise<string | ResponseInputItem[]> {
  if (typeof input === 'string') return input;
  return Promise.all(
    input.map(async (item, index) => {
      const record = item as unknown as Record<string, unknown>;
      const sealed = record.encrypted_content;
      if (typeof sealed !== 'string') return item;
      try {
        if (record.type === 'reasoning') {
          const envelope = await sealer.open(sealed);
          return {
            ...record,
            encrypted_content: encodeReasoningEnvelope(envelope),
          } as ResponseInputItem;
        }
        if (record.type === 'compaction') {
          const envelope = await sealer.openCompaction(sealed);
          return {
            ...record,
            encrypted_content: encodeCompactionEnvelope(envelope),
          } as ResponseInputItem;
        }
        return item;
      } catch (error) {
        if (!(error instanceof InvalidEnvelopeError)) throw error;
        throw invalidRequest(
          `Invalid 'input[${index}].encrypted_content': ${error.message} Send back the encrypted_content this server returned, unchanged, or leave it out.`,
          `input[${index}].encrypted_content`,
          'invalid_encrypted_content',
        );
      }
    }),
  );
}

/** Seals (or leaves out) the envelopes of an answer's reasoning items, event by event. */
export class ReasoningSealing {
  private readonly sealed = new Map<string, string>();

  constructor(
    private readonly sealer: EnvelopeSealer,
    /** Whether the client asked for `reasoning.encrypted_content`. */
    private readonly include: boolean,
  ) {}

  /** The event as the client gets it: a reasoning item's envelope sealed or gone. */
  event(event: ResponseStreamEvent): ResponseStreamEvent | Promise<ResponseStreamEvent> {
    switch (event.type) {
      case 'response.output_item.done':
        if (event.item.type !== 'reasoning') return event;
        return this.item(event.item).then((item) => ({ ...event, item }));
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        return this.response(event.response).then((response) => ({ ...event, response }));
      default:
        return event;
    }
  }

  /**
   * Stored items as a client gets them back: reasoning as in a response, a compaction item's
   * summary always sealed (it is all the item carries).
   */
  items(items: readonly ResponseItem[]): Promise<ResponseItem[]> {
    return Promise.all(
      items.map(async (item): Promise<ResponseItem> => {
        if (item.type === 'reasoning') return this.item(item);
        if (item.type !== 'compaction') return item;
        const envelope = decodeCompactionEnvelope(item.encrypted_content);
        if (envelope === undefined) return item;
        return { ...item, encrypted_content: await this.sealer.sealCompaction(envelope) };
      }),
    );
  }

  async response(response: Response): Promise<Response> {
    if (!response.output.some((item) => item.type === 'reasoning')) return response;
    const output = await Promise.all(
      response.output.map((item) => (item.type === 'reasoning' ? this.item(item) : item)),
    );
    return { ...response, output: output as ResponseOutputItem[] };
  }

  private async item(item: ResponseReasoningItem): Promise<ResponseReasoningItem> {
    const { encrypted_content: _plain, ...rest } = item;
    if (!this.include) return rest;
    let sealed = this.sealed.get(item.id);
    if (sealed === undefined) {
      sealed = await this.sealer.seal(toSealableEnvelope(item));
      this.sealed.set(item.id, sealed);
    }
    return { ...rest, encrypted_content: sealed };
  }
}
