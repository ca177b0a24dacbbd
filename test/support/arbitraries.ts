/**
 * Arbitraries for the property tests (src/core/to-responses-events.property.test.ts): a content
 * script (what the model says), a renderer that turns a script into one of the many chunk
 * streams a provider could send for it, the final output the converter must make of those chunks
 * (or of any prefix of them), and junk chunks.
 */
import fc from 'fast-check';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type {
  ResponseCustomToolCall,
  ResponseFunctionToolCall,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseUsage,
} from 'openai/resources/responses/responses';
import { toResponseUsage } from '../../src/core/to-response-usage';
import { type ChunkDelta, chunk, type ToolCallDelta } from './builders';

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';
export type ItemStatus = 'completed' | 'incomplete';

export interface ToolCallScript {
  /** `custom`: a custom tool's call (`custom: {name, input}`), whose input is freeform text. */
  kind: 'function' | 'custom';
  index: number;
  id: string;
  name: string;
  /** JSON text, or '' for a call without arguments; any text for a custom call's input. */
  arguments: string;
  /** A header field that never arrives: the converter adds the call at the end (its fallback). */
  missing: 'id' | 'name' | undefined;
}

/** What the model says, independent of how it is cut into chunks. '' means absent. */
export interface ContentScript {
  /** `reasoning_content`: the reasoning summary. */
  summary: string;
  /** `reasoning`: the reasoning text. */
  reasoning: string;
  text: string;
  refusal: string;
  toolCalls: ToolCallScript[];
  /** false: Mistral style, tool call deltas without `index`, matched by id or to the last call. */
  indexed: boolean;
  finishReason: FinishReason | null;
  usage: CompletionUsage | undefined;
}

/** One fragment of a script, as it travels in one chunk. */
export type Op =
  | { kind: 'summary' | 'reasoning' | 'text' | 'refusal'; text: string }
  | {
      kind: 'call';
      /** Position of the call in `script.toolCalls`. */
      call: number;
      id: boolean;
      name: boolean;
      /** undefined: no `arguments` key at all. */
      args: string | undefined;
      /** Send `id: ""` and `name: ""` when they are not sent (Alibaba, GLM). */
      emptyHeader: boolean;
    }
  | { kind: 'finish' }
  | { kind: 'usage' };

export interface RenderedStream {
  chunks: ChatCompletionChunk[];
  /** The ops each chunk carries, chunk by chunk. */
  ops: Op[][];
}

export const CREATED = 1700000000;

// ── scripts ─────────────────────────────────────────────────────────────────

export const someText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
/** Cross-shrinking lets a counterexample drop the parts it does not need. */
const shrinkToFirst = { withCrossShrink: true };
const maybeText = fc.oneof(shrinkToFirst, fc.constant(''), someText);

const argumentsArb = fc.oneof(
  shrinkToFirst,
  fc.constant(''),
  fc.constant('{}'),
  fc
    .dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
    .map((value) => JSON.stringify(value)),
);

/**
 * A custom tool's freeform input: any text, including text that begins with `{}` (which must
 * not be taken for Bedrock's empty-object prefix: that is a function-call quirk).
 */
const customInputArb = fc.oneof(
  shrinkToFirst,
  fc.constant(''),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
  fc.constantFrom('{}', '{}{}', '{}\n{"a":1}', '*** Begin Patch\n*** End Patch'),
);

const usageArb: fc.Arbitrary<CompletionUsage> = fc
  .record({ prompt: fc.nat(2000), completion: fc.nat(2000), extra: fc.nat(50) })
  .map(({ prompt, completion, extra }) => ({
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion + extra,
  }));

export interface ContentScriptOptions {
  /** Let calls be custom tool calls as well as function calls (default: function calls only). */
  customCalls?: boolean;
}

export function contentScriptArb(
  finishReason: fc.Arbitrary<FinishReason | null> = fc.constantFrom(
    'stop',
    'length',
    'tool_calls',
    'content_filter',
    null,
  ),
  { customCalls = false }: ContentScriptOptions = {},
): fc.Arbitrary<ContentScript> {
  return fc
    .record({
      summary: maybeText,
      reasoning: maybeText,
      text: maybeText,
      refusal: fc.oneof(
        shrinkToFirst,
        { arbitrary: fc.constant(''), weight: 3 },
        { arbitrary: someText, weight: 1 },
      ),
      calls: fc.array(
        fc.record({
          name: fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
          idSuffix: fc.stringMatching(/^[A-Za-z0-9]{0,6}$/),
          custom: customCalls ? fc.boolean() : fc.constant(false),
          arguments: argumentsArb,
          input: customInputArb,
          missing: fc.oneof(
            shrinkToFirst,
            { arbitrary: fc.constant(undefined), weight: 6 },
            { arbitrary: fc.constantFrom('id' as const, 'name' as const), weight: 1 },
          ),
        }),
        { maxLength: 3 },
      ),
      indices: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 3, maxLength: 3 }),
      indexed: fc.oneof(
        shrinkToFirst,
        { arbitrary: fc.constant(true), weight: 3 },
        fc.constant(false),
      ),
      finishReason,
      usage: fc.option(usageArb, { nil: undefined }),
    })
    .map(({ calls, indices, indexed, ...rest }) => ({
      ...rest,
      indexed,
      toolCalls: calls.map((call, i) => ({
        kind: call.custom ? ('custom' as const) : ('function' as const),
        index: indices[i]!,
        id: `toolu_${i}${call.idSuffix}`,
        name: call.name,
        arguments: call.custom ? call.input : call.arguments,
        // Without an index a continuation without an id belongs to the previous call, so a call
        // whose id never comes cannot be told apart there.
        missing: !indexed && call.missing === 'id' ? undefined : call.missing,
      })),
    }));
}

// ── rendering a script as chunks ────────────────────────────────────────────

/**
 * The renderer's choices, read in turn from a tape of numbers (wrapping around). An empty tape,
 * where shrinking ends, makes every choice 0: the plainest rendering. (A tape shrinks quickly;
 * `fc.gen()`, whose number of draws here depends on earlier draws, shrank for minutes until the
 * heap ran out, and two `fc.gen()` of one property drew the same values.)
 */
export class Choices {
  private next = 0;
  constructor(private readonly tape: readonly number[]) {}

  /** An integer in [0, max]. */
  int(max: number): number {
    if (max <= 0 || this.tape.length === 0) return 0;
    return this.tape[this.next++ % this.tape.length]! % (max + 1);
  }

  bool(): boolean {
    return this.int(1) === 1;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length - 1)]!;
  }
}

export const tapeArb = fc.array(fc.nat(), { maxLength: 200 });

/** Cuts a string anywhere (between any two UTF-16 code units), into non-empty pieces. */
export function split(text: string, choices: Choices): string[] {
  if (text.length <= 1) return text === '' ? [] : [text];
  const cuts = new Set<number>();
  for (let count = choices.int(Math.min(text.length - 1, 8)); count > 0; count--) {
    cuts.add(1 + choices.int(text.length - 2));
  }
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  return bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
}

/** A random merge of two lists, keeping the order within each. */
export function interleave<T>(a: T[], b: T[], choices: Choices): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && !choices.bool())) merged.push(a[i++]!);
    else merged.push(b[j++]!);
  }
  return merged;
}

type CallOp = Extract<Op, { kind: 'call' }>;

/**
 * The deltas of one call: its arguments cut anywhere, the id and name with the first piece or
 * (for some calls) in a later one, apart or together, maybe repeated, plus empty continuations.
 */
function callOps(script: ContentScript, callIndex: number, choices: Choices): CallOp[] {
  const call = script.toolCalls[callIndex]!;
  const op = (args: string | undefined): CallOp => ({
    kind: 'call',
    call: callIndex,
    id: false,
    name: false,
    args,
    emptyHeader: false,
  });
  const ops = split(call.arguments, choices).map(op);
  // A slot past the last piece: a delta that carries only the header.
  const lastSlot = ops.length;
  const late = choices.bool();
  const idSlot =
    call.missing === 'id' ? undefined : late && script.indexed ? choices.int(lastSlot) : 0;
  const nameSlot = call.missing === 'name' ? undefined : late ? choices.int(lastSlot) : 0;
  if (ops.length === 0 || idSlot === lastSlot || nameSlot === lastSlot) {
    ops.push(op(choices.pick([undefined, ''])));
  }
  if (idSlot !== undefined) {
    const repeat = choices.bool();
    ops.forEach((each, i) => {
      if (i === idSlot || (repeat && i > idSlot)) each.id = true;
    });
  }
  if (nameSlot !== undefined) ops[nameSlot]!.name = true;
  for (let extra = choices.int(2); extra > 0; extra--) {
    ops.splice(1 + choices.int(ops.length - 1), 0, op(''));
  }
  for (const each of ops) each.emptyHeader = choices.bool();
  return ops;
}

/**
 * Interleaves the deltas of parallel calls by index. The converter puts calls in the output in
 * the order they began, whatever order their headers complete in; so that every interleaving of
 * a script means the same output, calls begin in script order and go on in any order.
 */
function toolCallOps(script: ContentScript, choices: Choices): CallOp[] {
  const lists = script.toolCalls.map((_, i) => callOps(script, i, choices));
  if (!script.indexed) return lists.flat();
  const next = lists.map(() => 0);
  const merged: CallOp[] = [];
  for (;;) {
    const ready = lists.flatMap((list, i) => {
      if (next[i]! >= list.length) return [];
      // A call begins only after every call before it has begun.
      if (
        next[i] === 0 &&
        next.slice(0, i).some((count, j) => count === 0 && lists[j]!.length > 0)
      ) {
        return [];
      }
      return [i];
    });
    if (ready.length === 0) return merged;
    const i = choices.pick(ready);
    merged.push(lists[i]![next[i]!++]!);
  }
}

/** Whether `op` can travel in the same chunk as `group` without changing what it means. */
function fits(group: Op[], op: Op): boolean {
  if (op.kind === 'call') return !group.some((other) => other.kind === 'finish');
  if (group.some((other) => other.kind === op.kind)) return false;
  // The same text in `reasoning_content` and `reasoning` of one delta is read as an alias.
  if (op.kind === 'summary' || op.kind === 'reasoning') {
    return !group.some(
      (other) => (other.kind === 'summary' || other.kind === 'reasoning') && other.text === op.text,
    );
  }
  return true;
}

const noiseFields = ['content', 'refusal', 'reasoning_content', 'reasoning', 'tool_calls'];

function renderCall(script: ContentScript, op: CallOp): ToolCallDelta {
  const call = script.toolCalls[op.call]!;
  const body: { name?: string; arguments?: string; input?: string } = {};
  if (op.name) body.name = call.name;
  else if (op.emptyHeader) body.name = '';
  const header = {
    ...(script.indexed ? { index: call.index } : {}),
    ...(op.id ? { id: call.id, type: call.kind } : op.emptyHeader ? { id: '' } : {}),
  };
  if (call.kind === 'custom') {
    // A custom call's every delta says so: its fragments are under `custom`, not `function`.
    if (op.args !== undefined) body.input = op.args;
    return { ...header, custom: body };
  }
  if (op.args !== undefined) body.arguments = op.args;
  return { ...header, function: body };
}

function renderChunk(
  script: ContentScript,
  group: Op[],
  first: boolean,
  choices: Choices,
): ChatCompletionChunk {
  const delta: ChunkDelta = {};
  if (first && choices.bool()) delta.role = 'assistant';
  const toolCalls: ToolCallDelta[] = [];
  let finishReason: FinishReason | null = null;
  let usage = false;
  for (const op of group) {
    if (op.kind === 'summary') delta.reasoning_content = op.text;
    else if (op.kind === 'reasoning') delta.reasoning = op.text;
    else if (op.kind === 'text') delta.content = op.text;
    else if (op.kind === 'refusal') delta.refusal = op.text;
    else if (op.kind === 'call') toolCalls.push(renderCall(script, op));
    else if (op.kind === 'finish') finishReason = script.finishReason;
    else usage = true;
  }
  if (toolCalls.length > 0) delta.tool_calls = toolCalls;
  // Fields that carry nothing: null, '' or [] (every provider sends some of them).
  for (const field of noiseFields) {
    if (field in delta || !choices.bool()) continue;
    delta[field] = field === 'tool_calls' ? choices.pick([null, []]) : choices.pick([null, '']);
  }
  const usageOnly = usage && group.length === 1 && choices.bool();
  return chunk({
    id: 'chatcmpl-prop',
    created: CREATED,
    model: 'prop-model',
    choices: usageOnly ? [] : [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...(usage ? { usage: script.usage } : {}),
  });
}

/**
 * One of the chunk streams a provider could send for `script`: every string cut anywhere, pieces
 * of different fields sharing chunks or not, parallel calls interleaved, empty chunks between.
 */
export function renderScript(script: ContentScript, choices: Choices): RenderedStream {
  const piecesOf = (kind: 'summary' | 'reasoning' | 'text' | 'refusal', text: string): Op[] =>
    split(text, choices).map((piece) => ({ kind, text: piece }));
  const ops: Op[] = [
    ...interleave(
      piecesOf('summary', script.summary),
      piecesOf('reasoning', script.reasoning),
      choices,
    ),
    ...piecesOf('text', script.text),
    ...piecesOf('refusal', script.refusal),
    ...toolCallOps(script, choices),
  ];
  if (script.finishReason !== null) ops.push({ kind: 'finish' });
  if (script.usage !== undefined) ops.push({ kind: 'usage' });

  const groups: Op[][] = [];
  for (const op of ops) {
    const current = groups[groups.length - 1];
    if (current !== undefined && fits(current, op) && choices.bool()) current.push(op);
    else groups.push([op]);
  }
  for (let extra = choices.int(2); extra > 0; extra--) {
    groups.splice(choices.int(groups.length), 0, []);
  }
  // At least one chunk, so that `created` (and not the clock) gives `created_at`.
  if (groups.length === 0) groups.push([]);
  return {
    chunks: groups.map((group, i) => renderChunk(script, group, i === 0, choices)),
    ops: groups,
  };
}

// ── what the converter must make of the chunks ──────────────────────────────

export function finishStatus(reason: FinishReason | null): ItemStatus {
  return reason === 'length' || reason === 'content_filter' ? 'incomplete' : 'completed';
}

export interface ExpectedResult {
  output: ResponseOutputItem[];
  usage: ResponseUsage | null;
}

/**
 * The final output for the chunks that carried `ops` (the whole stream, or what came before
 * the stream failed), with the ids `sequentialIds()` gives: `resp_0001` first, then one id per
 * item in output order (and a `call_` id before the item id of a call whose id never came).
 * Calls come in the order their header (id and name) became whole, then, added by the fallback
 * at the end, those still without one, in the order they began.
 *
 * Items close with the finish reason's status; when the stream fails before any finish reason,
 * they close incomplete. An item that a later item closed (reasoning when the answer begins, the
 * message when a call is added) is completed.
 */
export function expectedResult(script: ContentScript, ops: Op[], failed: boolean): ExpectedResult {
  const texts = { summary: '', reasoning: '', text: '', refusal: '' };
  const calls = script.toolCalls.map(() => ({ id: false, name: false, args: '' }));
  /** Calls in the order they began, and those with a whole header in the order it came. */
  const began: number[] = [];
  const headed: number[] = [];
  let finishSeen = false;
  let usageSeen = false;
  for (const op of ops) {
    if (op.kind === 'finish') finishSeen = true;
    else if (op.kind === 'usage') usageSeen = true;
    else if (op.kind === 'call') {
      const call = calls[op.call]!;
      if (!began.includes(op.call)) began.push(op.call);
      call.id ||= op.id;
      call.name ||= op.name;
      call.args += op.args ?? '';
      if (call.id && call.name && !headed.includes(op.call)) headed.push(op.call);
    } else texts[op.kind] += op.text;
  }
  const closing: ItemStatus = finishSeen
    ? finishStatus(script.finishReason)
    : failed
      ? 'incomplete'
      : 'completed';
  // Calls are added in the order they began, each once it and those before it have a whole
  // header; the rest at the end. So reasoning and text are closed by a call only if the first
  // call got its header.
  const callAdded = began.length > 0 && headed.includes(began[0]!);

  let counter = 1;
  const nextId = (prefix: string) => `${prefix}_${String(++counter).padStart(4, '0')}`;
  const output: ResponseOutputItem[] = [];
  const { summary, reasoning, text, refusal } = texts;
  if (summary !== '' || reasoning !== '') {
    const item: ResponseReasoningItem = {
      id: nextId('rs'),
      type: 'reasoning',
      status: text !== '' || refusal !== '' || callAdded ? 'completed' : closing,
      summary: summary === '' ? [] : [{ type: 'summary_text', text: summary }],
    };
    if (reasoning !== '') {
      item.content = [{ type: 'reasoning_text', text: reasoning }];
      // The envelope says the reasoning goes back as `reasoning`, the field it came in.
      item.encrypted_content = 'responses-bridge:reasoning:v1:{"format":"reasoning"}';
    }
    output.push(item);
  }
  if (text !== '' || refusal !== '') {
    const content: ResponseOutputMessage['content'] = [];
    if (text !== '') content.push({ type: 'output_text', text, annotations: [], logprobs: [] });
    if (refusal !== '') content.push({ type: 'refusal', refusal });
    output.push({
      id: nextId('msg'),
      type: 'message',
      status: callAdded ? 'completed' : closing,
      role: 'assistant',
      content,
    });
  }
  for (const i of began) {
    const call = calls[i]!;
    const scripted = script.toolCalls[i]!;
    const callId = call.id ? scripted.id : nextId('call');
    const name = call.name ? scripted.name : '';
    if (scripted.kind === 'custom') {
      const item = {
        id: nextId('ctc'),
        type: 'custom_tool_call',
        status: closing,
        call_id: callId,
        name,
        input: call.args,
      } as ResponseCustomToolCall;
      output.push(item);
      continue;
    }
    const item: ResponseFunctionToolCall = {
      id: nextId('fc'),
      type: 'function_call',
      status: closing,
      arguments: call.args,
      call_id: callId,
      name,
    };
    output.push(item);
  }
  return {
    output,
    usage: usageSeen && script.usage !== undefined ? toResponseUsage(script.usage) : null,
  };
}

// ── junk ────────────────────────────────────────────────────────────────────

/** Keys of the dialects the converter reads, so that junk reaches its readers. */
const junkKey = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constantFrom(
    'content',
    'refusal',
    'reasoning',
    'reasoning_content',
    'reasoning_details',
    'thinking_blocks',
    'tool_calls',
    'annotations',
    'url_citation',
    'index',
    'id',
    'type',
    'function',
    'name',
    'arguments',
    'text',
    'thinking',
    'signature',
    'data',
    'summary',
    'url',
    'delta',
    'choices',
    'finish_reason',
    'usage',
    'citations',
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
  ),
);

const junkValue = fc.anything({ key: junkKey, maxDepth: 3, maxKeys: 4 });

const junkToolCall = fc.oneof(
  junkValue,
  fc.record(
    {
      index: fc.oneof(fc.nat(3), junkValue),
      id: fc.oneof(fc.constantFrom('', 'call_1', 'call_2'), junkValue),
      type: fc.oneof(fc.constant('function'), junkValue),
      function: fc.oneof(
        junkValue,
        fc.record(
          {
            name: fc.oneof(fc.constantFrom('', 'f'), junkValue),
            arguments: fc.oneof(fc.string({ maxLength: 4 }), junkValue),
          },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  ),
);

const junkDelta = fc.oneof(
  fc.constant(null),
  fc.array(junkValue, { maxLength: 2 }),
  fc.double(),
  fc.string({ maxLength: 4 }),
  junkValue,
  fc.record(
    {
      role: junkValue,
      content: junkValue,
      refusal: junkValue,
      reasoning_content: junkValue,
      reasoning: junkValue,
      reasoning_details: junkValue,
      thinking_blocks: junkValue,
      annotations: junkValue,
      tool_calls: fc.oneof(junkValue, fc.array(junkToolCall, { maxLength: 3 })),
    },
    { requiredKeys: [] },
  ),
);

const junkChoice = fc.oneof(
  junkValue,
  fc.record(
    {
      index: fc.oneof(fc.constant(0), junkValue),
      delta: junkDelta,
      finish_reason: fc.oneof(
        fc.constantFrom(null, '', 'stop', 'length', 'tool_calls', 'content_filter'),
        junkValue,
      ),
    },
    { requiredKeys: ['delta'] },
  ),
);

/**
 * Chunks a broken or exotic provider might send: anything at all (rarely, since a chunk that is
 * not an object fails the stream at once), error payloads (rarely, likewise), and mostly
 * chunk-shaped objects whose choices, deltas, tool calls and usage hold junk.
 */
export const junkChunkArb: fc.Arbitrary<ChatCompletionChunk> = fc
  .oneof(
    { arbitrary: junkValue, weight: 1 },
    // `error: ""` is left out: it fails the stream with an empty message (a known bug, see the
    // last tests of src/core/to-responses-events.property.test.ts).
    { arbitrary: fc.record({ error: junkValue.filter((error) => error !== '') }), weight: 1 },
    {
      arbitrary: fc.record(
        {
          id: junkValue,
          created: junkValue,
          model: junkValue,
          choices: fc.oneof(junkValue, fc.array(junkChoice, { maxLength: 3 })),
          usage: junkValue,
          citations: junkValue,
        },
        { requiredKeys: ['choices'] },
      ),
      weight: 8,
    },
  )
  .map((junk) => junk as ChatCompletionChunk);
