/**
 * The stream `doStream` returns: `stream-start`, then the parts each Responses event means, made
 * as the events arrive (the events of one body read in one pull), with every pull making
 * progress. Cancelling it, or a callback throwing, aborts the upstream request at once, then
 * returns the events.
 */
import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { takeReadyEvents } from '../core/to-responses-events';
import type { CallSignal } from './call-signal';
import type { ResponsesBridgeSettings } from './responses-bridge-settings';
import { StreamPartsMapper, type ToStreamPartsOptions } from './to-stream-parts';

export interface PartStreamOptions {
  /** Events already read (up to the first output item), handed out first. */
  head: ResponseStreamEvent[];
  events: AsyncGenerator<ResponseStreamEvent, void, undefined>;
  warnings: SharedV4Warning[];
  signal: AbortSignal | undefined;
  /** The call's own signal: stops the upstream request, even one that has stalled. */
  call: CallSignal;
  /** The abort reason, once the signal has fired. */
  abortReason: (signal: AbortSignal | undefined) => unknown;
  onEvent: ResponsesBridgeSettings['onEvent'];
  onResponse: ResponsesBridgeSettings['onResponse'];
  mapper: ToStreamPartsOptions;
}

const terminalTypes = new Set<string>([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

export function toPartStream(
  options: PartStreamOptions,
): ReadableStream<LanguageModelV4StreamPart> {
  const { head, events, warnings, signal, onEvent, onResponse } = options;
  const mapper = new StreamPartsMapper(options.mapper);
  let headIndex = 0;
  let started = false;

  const { call } = options;
  return new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      try {
        await pullParts(controller);
      } catch (error) {
        // onEvent, onResponse or the mapper threw: the stream errors, and the upstream stops.
        call.abort(error);
        await events.return();
        throw error;
      }
    },
    async cancel(reason) {
      // A read may be waiting on a stalled upstream: returning the events would wait for it.
      call.abort(reason);
      await events.return();
    },
  });

  async function pullParts(
    controller: ReadableStreamDefaultController<LanguageModelV4StreamPart>,
  ): Promise<void> {
    let enqueued = 0;
    const enqueue = (part: LanguageModelV4StreamPart) => {
      enqueued++;
      controller.enqueue(part);
    };
    /** Maps one event; or, once the call was aborted, returns the reason instead. */
    const handle = (event: ResponseStreamEvent): unknown => {
      // The openai client ends its iteration quietly on abort: that is not a finish.
      const reason = options.abortReason(signal);
      if (reason !== undefined) return reason;
      onEvent?.(event);
      if (terminalTypes.has(event.type)) {
        onResponse?.((event as { response: Response }).response);
      }
      mapper.map(event, enqueue);
      return undefined;
    };
    const abort = async (reason: unknown) => {
      await events.return();
      controller.error(reason);
    };
    if (!started) {
      started = true;
      enqueue({ type: 'stream-start', warnings });
    }
    // Map events until at least one part is out, so that every pull makes progress.
    while (enqueued === 0) {
      let event: ResponseStreamEvent;
      if (headIndex < head.length) {
        event = head[headIndex++]!;
      } else {
        const next = await events.next();
        if (next.done) {
          call.release();
          controller.close();
          return;
        }
        event = next.value;
      }
      let reason = handle(event);
      // The rest of the events of this read of the body, at once: one pull (and one `await` of
      // the events) per read, not per part. Their parts wait in the stream's queue, and
      // nothing waits for the next read.
      if (headIndex >= head.length) {
        for (const ready of takeReadyEvents(events)) {
          if (reason !== undefined) break;
          reason = handle(ready);
        }
      }
      if (reason !== undefined) {
        await abort(reason);
        return;
      }
    }
  }
}
