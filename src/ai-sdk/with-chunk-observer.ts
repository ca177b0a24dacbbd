import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ChunkBatches } from '../core/to-responses-events';

/**
 * The same chunk source, each chunk shown to `observe` as it is read (a metadata extractor's
 * `processChunk`), batches kept: one await per read of the body still.
 */
export function withChunkObserver(
  chunks: ChunkBatches,
  observe: (chunk: ChatCompletionChunk) => void,
): ChunkBatches {
  return {
    async *batches() {
      for await (const batch of chunks.batches()) {
        for (const chunk of batch) observe(chunk);
        yield batch;
      }
    },
    get sawDone() {
      return chunks.sawDone;
    },
  };
}
