/**
 * The stream `doStream` returns: `stream-start`, then the parts each Responses event means, made
 * as the events arrive, with every pull making progress. Cancelling it returns the events, which
 * cancels the upstream request.
 */
import type { LanguageModelV4StreamPart, SharedV4Warning } from '@ai-sdk/provider';
import type { Response, ResponseStreamEvent } from 'openai/resources/responses/responses';
import type { ResponsesBridgeSettings } from './responses-bridge-settings';
import { StreamPartsMapper, type ToStreamPartsOptions } from './to-stream-parts';

export interface PartStreamOptions {
  /** Events already read (up to the first output item), handed out first. */
  head: ResponseStreamEvent[];
  events: AsyncGenerator<ResponseStreamEvent, void, undefined>;
  warnings: SharedV4Warning[];
  signal: AbortSignal | undefined;
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

  return new ReadableStream<LanguageModelV4StreamPart>({
    async pull(controller) {
      let enqueued = 0;
      const enqueue = (part: LanguageModelV4StreamPart) => {
        enqueued++;
        controller.enqueue(part);
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
            controller.close();
            return;
          }
          event = next.value;
        }
        // The openai client ends its iteration quietly on abort: that is not a finish.
        const reason = options.abortReason(signal);
        if (reason !== undefined) {
          await events.return();
          controller.error(reason);
          return;
        }
        onEvent?.(event);
        if (terminalTypes.has(event.type)) {
          onResponse?.((event as { response: Response }).response);
        }
        mapper.map(event, enqueue);
      }
    },
    async cancel() {
      await events.return();
    },
  });
}
