/**
 * The bytes of one event's SSE frame, `event: <type>\ndata: <JSON>\n\n`, exactly as
 * `JSON.stringify` writes the event, but made in pieces when the event holds a long string: the
 * snapshots of a long answer (`output_text.done`, `content_part.done`, `output_item.done`,
 * `response.completed`) each hold its whole text, and a whole JSON of such an event and its
 * UTF-8 encoding would be two more copies of the text, per event. A long string is escaped and
 * encoded a slice at a time instead, so what a frame adds is about one slice.
 */
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';

/** Strings at least this long (in UTF-16 code units) are written a slice at a time. */
export const longStringLength = 64 * 1024;
/** The length of a slice: at most three bytes of UTF-8 per unit, six when escaped (controls). */
export const sliceLength = 128 * 1024;
/** Past this depth an event is not searched for long strings: it is written whole. */
const maxDepth = 32;

const encoder = new TextEncoder();

/**
 * The frame's bytes: for most events, one array; for an event with long strings, the JSON around
 * them and each of them a slice at a time, made as they are taken.
 */
export function toSSEFrame(
  event: ResponseStreamEvent,
): Uint8Array | Generator<Uint8Array, void, undefined> {
  const pieces = splitAtLongStrings(event);
  if (pieces === undefined) {
    return encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }
  return framePieces(pieces);
}

function* framePieces(pieces: Array<string | LongString>): Generator<Uint8Array, void, undefined> {
  for (const piece of pieces) {
    if (typeof piece === 'string') yield encoder.encode(piece);
    else yield* escapedSlices(piece.long);
  }
}

/** A long string of the event, written as its JSON escaping (the quotes are in the text around). */
interface LongString {
  long: string;
}

/**
 * The frame as the text around each long string and the long strings themselves, or undefined
 * when the event holds none. The event is left as it is: a replacer swaps each long string for
 * a marker while the rest is stringified, and the text is cut where the markers are.
 */
function splitAtLongStrings(event: ResponseStreamEvent): Array<string | LongString> | undefined {
  // Deltas are an upstream chunk's own size: only snapshots grow with the answer.
  if (event.type.endsWith('.delta') || !holdsLongString(event, 0)) return undefined;
  const longs: string[] = [];
  const marker = `\u0000${crypto.randomUUID()}:`;
  const skeleton = JSON.stringify(event, (_key, value: unknown) => {
    if (typeof value !== 'string' || value.length < longStringLength) return value;
    longs.push(value);
    return `${marker}${longs.length - 1}`;
  });
  const pieces: Array<string | LongString> = [];
  let text = `event: ${event.type}\ndata: `;
  let from = 0;
  for (let index = 0; index < longs.length; index++) {
    // The marker's JSON, quotes and all; its quotes stay in the text around the long string.
    const quoted = JSON.stringify(`${marker}${index}`);
    const at = skeleton.indexOf(quoted, from);
    // Markers are random, and a quote that is not escaped only bounds a whole string: each is
    // found where its string was. Should one not be, the event is written whole.
    if (at === -1) return undefined;
    text += skeleton.slice(from, at + 1);
    pieces.push(text, { long: longs[index]! });
    text = '';
    from = at + quoted.length - 1;
  }
  pieces.push(`${text}${skeleton.slice(from)}\n\n`);
  return pieces;
}

function holdsLongString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.length >= longStringLength;
  if (typeof value !== 'object' || value === null) return false;
  if (depth > maxDepth) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (holdsLongString(item, depth + 1)) return true;
    return false;
  }
  for (const item of Object.values(value)) if (holdsLongString(item, depth + 1)) return true;
  return false;
}

/**
 * A string's JSON escaping, without its quotes, a slice at a time. JSON escapes each code unit
 * on its own but for surrogate pairs, so no slice ends between the two halves of one: the
 * slices' escapings, end to end, are the whole string's.
 */
function* escapedSlices(text: string): Generator<Uint8Array, void, undefined> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + sliceLength, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    const bytes = encoder.encode(JSON.stringify(text.slice(start, end)));
    // Both quotes are one byte each.
    yield bytes.subarray(1, bytes.length - 1);
    start = end;
  }
}
