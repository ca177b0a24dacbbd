/**
 * Arbitraries for the properties of provider formats (src/core/to-responses-events.property.test.ts,
 * beside the content scripts of test/support/arbitraries.ts): streams with several choices,
 * Anthropic thinking blocks as LiteLLM streams them, and text with token log probabilities. Each
 * comes with a renderer that cuts the same content into one of the many chunk streams a
 * provider could send, and with what the final Response must hold.
 */
import fc from 'fast-check';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ResponseOutputText } from 'openai/resources/responses/responses';
import {
  type Choices,
  type ContentScript,
  CREATED,
  contentScriptArb,
  interleave,
  type Op,
  renderScript,
  someText,
  split,
} from './arbitraries';
import { type ChunkDelta, chunk } from './builders';

/** A chunk of the property streams: one choice, at `index`. */
function choiceChunk(
  index: number,
  fields: { delta: ChunkDelta; finish_reason?: 'stop' | null; logprobs?: unknown },
  extra: Record<string, unknown> = {},
): ChatCompletionChunk {
  return chunk({
    id: 'chatcmpl-prop',
    created: CREATED,
    model: 'prop-model',
    choices: [{ finish_reason: null, logprobs: null, ...fields, index }],
    ...extra,
  });
}

/** OpenAI begins every choice of a stream with the role and empty content. */
const roleChunk = (index: number) =>
  choiceChunk(index, { delta: { role: 'assistant', content: '', refusal: null } });

export interface MultiChoiceScript {
  /** Choice 0, the one a Response holds. */
  first: ContentScript;
  /** Choices 1, 2, …; with n > 1 usage comes once, for the whole request. */
  others: ContentScript[];
}

export const multiChoiceScriptArb: fc.Arbitrary<MultiChoiceScript> = fc.record({
  first: contentScriptArb(),
  others: fc.array(
    contentScriptArb().map((script) => ({ ...script, usage: undefined })),
    { minLength: 1, maxLength: 2 },
  ),
});

export interface RenderedMultiChoice {
  chunks: ChatCompletionChunk[];
  /** Choice 0's chunks alone, in the same order: the stream the Response must be the same as. */
  firstChoice: ChatCompletionChunk[];
  /** The ops of each chunk of `firstChoice`. */
  firstOps: Op[][];
}

/**
 * An `n > 1` stream as OpenAI sends it: each choice rendered like a one-choice stream under its
 * own index and begun with its role chunk, choice 0 first; after that the choices' chunks come
 * interleaved in any order, each choice's in its own order.
 */
export function renderMultiChoice(
  script: MultiChoiceScript,
  choices: Choices,
): RenderedMultiChoice {
  const first = renderScript(script.first, choices);
  const firstChoice = [roleChunk(0), ...first.chunks];
  let rest = firstChoice.slice(1);
  script.others.forEach((other, i) => {
    const index = i + 1;
    const rendered = renderScript(other, choices).chunks.map((each) => ({
      ...each,
      choices: each.choices.map((choice) => ({ ...choice, index })),
    }));
    rest = interleave(rest, [roleChunk(index), ...rendered], choices);
  });
  return { chunks: [firstChoice[0]!, ...rest], firstChoice, firstOps: [[], ...first.ops] };
}

export type ThinkingBlockScript =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export interface ThinkingScript {
  /** Anthropic's blocks, in order: signed thinking, and redacted blocks. */
  blocks: ThinkingBlockScript[];
  /** The answer after them; '' for none. */
  text: string;
}

const opaque = fc.stringMatching(/^[A-Za-z0-9+/]{1,12}$/);

export const thinkingScriptArb: fc.Arbitrary<ThinkingScript> = fc.record({
  blocks: fc.array(
    fc.oneof(
      {
        weight: 3,
        arbitrary: fc.record({
          type: fc.constant('thinking' as const),
          thinking: someText,
          signature: opaque,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ type: fc.constant('redacted_thinking' as const), data: opaque }),
      },
    ),
    { minLength: 1, maxLength: 4 },
  ),
  text: fc.oneof(fc.constant(''), someText),
});

type BlockFragment =
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string };

/**
 * The blocks as LiteLLM streams them: each thinking block's text cut anywhere, its signature
 * with its last piece or in a delta of its own (`thinking: ""`), redacted blocks whole; the
 * fragments grouped into deltas' `thinking_blocks` any way that keeps their order, each delta
 * maybe repeating its text in `reasoning_content`; then the answer, cut anywhere.
 */
export function renderThinking(script: ThinkingScript, choices: Choices): ChatCompletionChunk[] {
  const fragments: BlockFragment[] = [];
  for (const block of script.blocks) {
    if (block.type === 'redacted_thinking') {
      fragments.push(block);
      continue;
    }
    const pieces: BlockFragment[] = split(block.thinking, choices).map((thinking) => ({
      type: 'thinking',
      thinking,
    }));
    const last = pieces[pieces.length - 1];
    if (choices.bool() && last?.type === 'thinking') last.signature = block.signature;
    else pieces.push({ type: 'thinking', thinking: '', signature: block.signature });
    fragments.push(...pieces);
  }
  const groups: BlockFragment[][] = [];
  for (const fragment of fragments) {
    const current = groups[groups.length - 1];
    if (current !== undefined && choices.bool()) current.push(fragment);
    else groups.push([fragment]);
  }
  const chunks = groups.map((group, i) => {
    const text = group.map((each) => (each.type === 'thinking' ? each.thinking : '')).join('');
    return choiceChunk(0, {
      delta: {
        ...(i === 0 ? { role: 'assistant' as const } : {}),
        ...(text !== '' && choices.bool() ? { reasoning_content: text } : {}),
        thinking_blocks: group,
      },
    });
  });
  for (const piece of split(script.text, choices)) {
    chunks.push(choiceChunk(0, { delta: { content: piece } }));
  }
  chunks.push(choiceChunk(0, { delta: {}, finish_reason: 'stop' }));
  return chunks;
}

export type Logprob = ResponseOutputText.Logprob;

/** One token of an answer, with its log probability as Chat Completions sends it. */
export interface TokenScript {
  token: string;
  logprob: number;
  /** null for a token without a byte form. */
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

/** Log probabilities in hundredths, never -0 (which JSON would not keep). */
const logprobArb = fc.integer({ min: -2000, max: 0 }).map((hundredths) => (hundredths || 0) / 100);
const bytesArb = fc.option(fc.array(fc.nat(255), { maxLength: 4 }), { nil: null });

export const tokensArb: fc.Arbitrary<TokenScript[]> = fc.array(
  fc.record({
    token: someText,
    logprob: logprobArb,
    bytes: bytesArb,
    top_logprobs: fc.array(fc.record({ token: someText, logprob: logprobArb, bytes: bytesArb }), {
      maxLength: 2,
    }),
  }),
  { minLength: 1, maxLength: 8 },
);

export interface RenderedTokens {
  chunks: ChatCompletionChunk[];
  /** The tokens each chunk carries, chunk by chunk ([] for chunks without text). */
  tokensPerChunk: TokenScript[][];
}

/**
 * The tokens as a stream: the role chunk, then the tokens grouped into chunks any way that
 * keeps their order, each chunk's content the text of its tokens and `logprobs.content` their
 * entries, empty chunks between, and the finish chunk.
 */
export function renderTokens(tokens: TokenScript[], choices: Choices): RenderedTokens {
  const groups: TokenScript[][] = [];
  for (const token of tokens) {
    const current = groups[groups.length - 1];
    if (current !== undefined && choices.bool()) current.push(token);
    else groups.push([token]);
  }
  const chunks: ChatCompletionChunk[] = [roleChunk(0)];
  const tokensPerChunk: TokenScript[][] = [[]];
  for (const group of groups) {
    if (choices.int(3) === 0) {
      chunks.push(choiceChunk(0, { delta: {} }));
      tokensPerChunk.push([]);
    }
    chunks.push(
      choiceChunk(0, {
        delta: { content: group.map((token) => token.token).join('') },
        logprobs: { content: group, refusal: null },
      }),
    );
    tokensPerChunk.push(group);
  }
  chunks.push(choiceChunk(0, { delta: {}, finish_reason: 'stop' }));
  tokensPerChunk.push([]);
  return { chunks, tokensPerChunk };
}

/** The Responses form of token log probabilities: a null `bytes` is an empty list. */
export function toLogprobs(tokens: TokenScript[]): Logprob[] {
  return tokens.map((token) => ({
    token: token.token,
    logprob: token.logprob,
    bytes: token.bytes ?? [],
    top_logprobs: token.top_logprobs.map((top) => ({
      token: top.token,
      logprob: top.logprob,
      bytes: top.bytes ?? [],
    })),
  }));
}
