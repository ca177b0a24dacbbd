/**
 * The official client is a judge only if it can say no: the same recording it accepts is
 * refused once an event points at an item that was never added, or closes an item under
 * another id.
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { readResponsesStream } from './fixtures';
import { streamToOfficialClient } from './official-client';

const recording = readResponsesStream('conformance-openai-gpt-4.1-nano-text');

describe('the official client as a judge', () => {
  it('accepts a real stream of the deployed API', async () => {
    const outcome = await streamToOfficialClient(recording);
    expect(outcome.error).toBeUndefined();
    expect(outcome.events).toHaveLength(recording.length);
    // The API sends no `output_text`; the client derives it.
    expect(outcome.final?.output_text).toBe('Dummy PDF file');
  });

  it('refuses a delta for an output index that was never added', async () => {
    const events = recording.map(
      (event): ResponseStreamEvent =>
        event.type === 'response.output_text.delta' ? { ...event, output_index: 5 } : event,
    );
    const outcome = await streamToOfficialClient(events);
    expect(String(outcome.error)).toContain('missing output at index 5');
  });

  it('refuses an item done under another id than it was added with', async () => {
    const events = recording.map(
      (event): ResponseStreamEvent =>
        event.type === 'response.output_item.done'
          ? { ...event, item: { ...event.item, id: 'msg_other' } }
          : event,
    );
    const outcome = await streamToOfficialClient(events);
    expect(String(outcome.error)).toContain("got 'msg_other'");
  });
});
