/**
 * The demo's table in a terminal: three columns, each cell wrapped at word boundaries to its
 * column, colours when the terminal takes them.
 */
import type { RowGroup } from './chunk-rows';

export type Paint = (text: string) => string;

export function createPaint(useColor: boolean) {
  const paint =
    (code: number): Paint =>
    (text) =>
      useColor && text !== '' ? `\x1b[${code}m${text}\x1b[0m` : text;
  return {
    dim: paint(2),
    bold: paint(1),
    // chat: cyan, responses: magenta, ai sdk: green
    columns: [paint(36), paint(35), paint(32)] as const,
  };
}

/**
 * `text` as lines of at most `width` characters, broken only where it has spaces; a word longer
 * than the line stays whole on a line of its own. `indent` starts every line after the first.
 */
export function wrapWords(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((word) => word !== '')) {
    const prefix = lines.length === 0 ? '' : indent;
    if (line === '') line = prefix + word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = indent + word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

const sampleLength = 40;

function sample(text: string): string {
  if (text === '') return '';
  const shown = text.length > sampleLength ? `${text.slice(0, sampleLength)}…` : text;
  return ` ${JSON.stringify(shown)}`;
}

/** `a, a "x", b` → `a ×2 "x", b` */
function foldLabels(labels: string[], samples: string[] = []): string {
  const folded: Array<{ label: string; count: number; sample: string }> = [];
  labels.forEach((label, index) => {
    const last = folded.at(-1);
    if (last?.label === label) {
      last.count++;
      last.sample += samples[index] ?? '';
    } else folded.push({ label, count: 1, sample: samples[index] ?? '' });
  });
  return folded
    .map(
      ({ label, count, sample: text }) => `${label}${count > 1 ? ` ×${count}` : ''}${sample(text)}`,
    )
    .join(', ');
}

export class DemoTable {
  readonly column: number;
  private readonly paint: ReturnType<typeof createPaint>;
  private printedHeader = false;
  private step = 1;

  constructor(
    width: number,
    paint: ReturnType<typeof createPaint>,
    private readonly write: (line: string) => void,
  ) {
    this.column = Math.floor((width - 6) / 3);
    this.paint = paint;
  }

  print(group: RowGroup): void {
    const { row, count } = group;
    if (!this.printedHeader) {
      this.printedHeader = true;
      this.line(['Chat Completions chunk', 'Responses event', 'AI SDK part'], true);
    }
    if (row.step !== this.step) {
      this.step = row.step;
      this.write(
        this.paint.dim(
          `── step ${row.step}: a new request, the tool's result sent back ${'─'.repeat(20)}`,
        ),
      );
    }
    const times = count > 1 ? ` ×${count}` : '';
    this.line([
      `${row.chunk.label}${times}${sample(group.chunkSample)}`,
      row.events.length > 0 ? foldLabels(row.events) : '–',
      row.parts.length > 0
        ? foldLabels(
            row.parts.map((part) => part.label),
            group.partSamples,
          )
        : '–',
    ]);
  }

  private line(cells: [string, string, string], header = false): void {
    const wrapped = cells.map((cell) => wrapCell(cell, this.column));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    for (let i = 0; i < height; i++) {
      const text = wrapped.map((lines, column) => {
        const padded = (lines[i] ?? '').padEnd(this.column);
        const colored = this.paint.columns[column as 0 | 1 | 2](padded);
        return header ? this.paint.bold(colored) : colored;
      });
      this.write(text.join(this.paint.dim(' │ ')).trimEnd());
    }
  }
}

/**
 * A cell's lines: wrapped at spaces; a word wider than the column (`delta.a+b+c`) at its `+`
 * signs, and cut only as a last resort.
 */
function wrapCell(text: string, width: number): string[] {
  const words = text
    .split(' ')
    .flatMap((word) => (word.length > width ? word.split(/(?<=\+)/) : [word]));
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const joined = line === '' ? word : line.endsWith('+') ? line + word : `${line} ${word}`;
    if (joined.length <= width || line === '') line = joined;
    else {
      lines.push(line);
      line = `  ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines.flatMap((full) => {
    const pieces: string[] = [];
    for (let start = 0; start < full.length; start += width) {
      pieces.push(full.slice(start, start + width));
    }
    return pieces;
  });
}
