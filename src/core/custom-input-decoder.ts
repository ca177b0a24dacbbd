/**
 * A custom (freeform) tool goes upstream as a function of one string parameter, `input`; its
 * call comes back as arguments `{"input": "…"}`, in fragments. This decoder turns those
 * fragments into the freeform input as it streams, so that `custom_tool_call_input.delta`
 * events carry the text itself. Arguments of another shape (a model that put other keys first,
 * or wrote the input bare) are read whole when the call ends.
 */
const prefix = /^\s*\{\s*"input"\s*:\s*"/;
/** Long enough for any `{"input":"` with whitespace; past it, the shape is something else. */
const maxPrefixLength = 64;

const escapes: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export class CustomInputDecoder {
  private phase: 'prefix' | 'string' | 'done' | 'whole' = 'prefix';
  private pending = '';
  private readonly all: string[] = [];
  private decoded = '';

  /** The input text this fragment of the arguments adds, if the decoder can tell yet. */
  push(fragment: string): string {
    this.all.push(fragment);
    if (this.phase === 'done' || this.phase === 'whole') return '';
    let text = this.pending + fragment;
    this.pending = '';
    if (this.phase === 'prefix') {
      const match = prefix.exec(text);
      if (match === null) {
        if (text.length > maxPrefixLength || !couldStart(text)) this.phase = 'whole';
        else this.pending = text;
        return '';
      }
      this.phase = 'string';
      text = text.slice(match[0].length);
    }
    let out = '';
    let i = 0;
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        this.phase = 'done';
        break;
      }
      if (char !== '\\') {
        out += char;
        i++;
        continue;
      }
      // An escape split across fragments waits for the rest.
      if (i + 1 >= text.length) {
        this.pending = text.slice(i);
        break;
      }
      const next = text[i + 1]!;
      if (next === 'u') {
        if (i + 6 > text.length) {
          this.pending = text.slice(i);
          break;
        }
        out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      out += escapes[next] ?? next;
      i += 2;
    }
    this.decoded += out;
    return out;
  }

  /**
   * The whole input, once the arguments are over, and what of it has not yet gone out in a
   * delta. Arguments that are not `{"input": "…"}` give their `input` if they parse to an
   * object with one, else their text as it is (a model that wrote the input bare).
   */
  finish(): { input: string; rest: string } {
    if (this.phase === 'string' || this.phase === 'done') return { input: this.decoded, rest: '' };
    const raw = this.all.join('');
    let input = raw;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed === 'object' && parsed !== null && 'input' in parsed) {
        const value = (parsed as { input: unknown }).input;
        input = typeof value === 'string' ? value : JSON.stringify(value);
      }
    } catch {
      // Not JSON: the input itself.
    }
    return { input, rest: input };
  }
}

/** Whether `text` can still grow into the `{"input":"` prefix. */
function couldStart(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return '{"input":"'.startsWith(compact);
}
