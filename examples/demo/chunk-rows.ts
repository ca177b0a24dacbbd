/**
 * The demo's view: one row per chunk of the endpoint's stream, holding the Responses events
 * that chunk caused and the AI SDK parts those events became. Runs of rows alike (the same kind
 * of chunk, the same events, the same parts) fold into one, with a count.
 *
 * The chunk of an event is the chunk the provider was on when it emitted it (see chunk-tap.ts);
 * the event of a part is the `raw` part before it (with `includeRawChunks`, the provider emits
 * each event as a `raw` part just before the parts it maps to).
 */
import type { TextStreamPart, ToolSet } from 'ai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describeBlock, describeEvent, describePart, type Label } from './demo-labels';

export interface ChunkRow {
  step: number;
  index: number;
  chunk: Label & { payload: unknown };
  events: string[];
  parts: Label[];
}

/** Rows alike, folded: `count` rows, their samples joined (one per part of the row). */
export interface RowGroup {
  row: ChunkRow;
  count: number;
  chunkSample: string;
  partSamples: string[];
}

/** Each row is passed to `print`, folded, once no later event or part can still land in it. */
export class ChunkRows {
  private readonly pending: ChunkRow[] = [];
  private readonly firstOfStep = new Map<number, ChunkRow>();
  private readonly rowOfEvent = new WeakMap<object, ChunkRow>();
  /** The chunk the provider is on. */
  private current: ChunkRow | undefined;
  /** The row the part stream is on. */
  private partRow: ChunkRow | undefined;
  /** `start` and `start-step` parts, which come before the first event of their step. */
  private heldParts: Label[] = [];
  private group: (RowGroup & { signature: string }) | undefined;
  counts = { chunks: 0, events: 0, parts: 0 };

  constructor(private readonly print: (group: RowGroup) => void) {}

  chunk(step: number, index: number, text: string): ChunkRow {
    const row: ChunkRow = { step, index, chunk: describeBlock(text), events: [], parts: [] };
    if (!this.firstOfStep.has(step)) this.firstOfStep.set(step, row);
    this.pending.push(row);
    this.current = row;
    this.counts.chunks++;
    return row;
  }

  /** Files the event under its chunk; returns that row. */
  event(event: ResponseStreamEvent): ChunkRow | undefined {
    // The provider reads ahead to its first output item before it hands out any event; the two
    // events before that item are always the first chunk's (the converter opens the response on
    // the first chunk, whatever it holds).
    const opening = event.type === 'response.created' || event.type === 'response.in_progress';
    const row = opening && this.current ? this.firstOfStep.get(this.current.step) : this.current;
    if (row === undefined) return undefined;
    row.events.push(describeEvent(event));
    this.rowOfEvent.set(event, row);
    this.counts.events++;
    return row;
  }

  /** Files the part under the row of the event before it; returns that row. */
  part(part: TextStreamPart<ToolSet>): ChunkRow | undefined {
    if (part.type === 'raw') {
      const row = this.rowOfEvent.get(part.rawValue as object) ?? this.current;
      if (row === undefined) return undefined;
      if (row !== this.partRow) this.printBefore(row);
      this.partRow = row;
      row.parts.push(...this.heldParts);
      this.heldParts = [];
      return row;
    }
    const label = describePart(part);
    this.counts.parts++;
    if (part.type === 'start' || part.type === 'start-step' || this.partRow === undefined) {
      this.heldParts.push(label);
      return undefined;
    }
    this.partRow.parts.push(label);
    return this.partRow;
  }

  /** Prints what is left. */
  end(): void {
    this.printBefore(undefined);
    this.fold(undefined);
  }

  private printBefore(row: ChunkRow | undefined): void {
    const until = row === undefined ? this.pending.length : this.pending.indexOf(row);
    for (const done of this.pending.splice(0, Math.max(until, 0))) this.fold(done);
  }

  private fold(row: ChunkRow | undefined): void {
    const signature =
      row === undefined
        ? ''
        : [row.step, row.chunk.label, row.events.join(','), row.parts.map((part) => part.label)]
            .flat()
            .join('|');
    if (row !== undefined && this.group?.signature === signature) {
      this.group.count++;
      this.group.chunkSample += row.chunk.sample;
      row.parts.forEach((part, index) => {
        this.group!.partSamples[index] += part.sample;
      });
      return;
    }
    if (this.group !== undefined) this.print(this.group);
    this.group =
      row === undefined
        ? undefined
        : {
            row,
            count: 1,
            chunkSample: row.chunk.sample,
            partSamples: row.parts.map((part) => part.sample),
            signature,
          };
  }
}
