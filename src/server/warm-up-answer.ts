/**
 * WebSocket mode's warm-up (`generate: false`): a response of no output, made here without an
 * upstream call, that a client chains its next turn from.
 */
import type { GenerateId } from '../core/generate-id';
import { convertChunkStream } from '../core/to-responses-events';
import type { ConvertedRequest } from './responses-request';
import type { Outgoing, StreamingAnswer } from './upstream-call';

/** The streamed answer of a warm-up: the events of a chat answer that said nothing. */
export function toWarmUpAnswer(
  converted: ConvertedRequest,
  outgoing: Outgoing,
  options: { generateId?: GenerateId | undefined; currentDate?: (() => Date) | undefined },
): StreamingAnswer {
  const { generateId, currentDate } = options;
  const { events } = convertChunkStream(
    [
      {
        id: 'warm-up',
        object: 'chat.completion.chunk',
        created: 0,
        model: converted.body.model,
        choices: [{ index: 0, delta: {}, finish_reason: 'stop', logprobs: null }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      },
    ],
    {
      response: converted.response,
      ...(generateId !== undefined ? { generateId } : {}),
      ...(currentDate !== undefined ? { currentDate } : {}),
    },
  );
  const sent = (async function* () {
    for await (const event of events) yield await outgoing(event);
  })();
  return { events: sent, abort: () => {}, release: () => {} };
}
