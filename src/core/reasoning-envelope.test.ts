import { describe, expect, it } from 'vitest';
import {
  decodeReasoningEnvelope,
  encodeReasoningEnvelope,
  isPlainReasoningEnvelope,
  type ReasoningEnvelope,
} from './reasoning-envelope';

const prefix = 'responses-bridge:reasoning:v1:';

const full: ReasoningEnvelope = {
  format: 'thinking_blocks',
  blocks: [
    { type: 'thinking', thinking: 'Weigh it.', signature: 'SIG_1' },
    { type: 'redacted_thinking', data: 'REDACTED==' },
    { type: 'thinking', thinking: 'Unsigned.' },
  ],
  details: [
    {
      type: 'reasoning.text',
      text: 'Need weather.',
      summary: 'Weather.',
      signature: 'SIG_OR',
      data: 'DATA',
      id: 'rd_1',
      format: 'anthropic-claude-v1',
      index: 0,
    },
  ],
  text: 'Weigh it.',
  thoughtSignatures: {
    call_1: { signature: 'SIG_GEMINI', field: 'extra_content' },
    call_2: { signature: 'SIG_LITELLM', field: 'provider_specific_fields' },
  },
};

/** An envelope written by hand, as an untrusted client could send it back. */
const forged = (json: unknown) => `${prefix}${JSON.stringify(json)}`;

describe('encodeReasoningEnvelope', () => {
  it('writes the envelope in the clear, after a versioned prefix', () => {
    expect(encodeReasoningEnvelope({ format: 'reasoning' })).toMatchInlineSnapshot(
      `"responses-bridge:reasoning:v1:{"format":"reasoning"}"`,
    );
  });
});

describe('decodeReasoningEnvelope', () => {
  it('reads back every field it wrote', () => {
    expect(decodeReasoningEnvelope(encodeReasoningEnvelope(full))).toEqual(full);
  });

  it.each(['reasoning_content', 'reasoning', 'thinking_blocks', 'reasoning_details'] as const)(
    'round-trips the %s format alone',
    (format) => {
      expect(decodeReasoningEnvelope(encodeReasoningEnvelope({ format }))).toEqual({ format });
    },
  );

  it.each([
    ['a value that is not a string', 42],
    ['no value', undefined],
    ['OpenAI encrypted reasoning', 'gAAAAABpCCSI'],
    ['another version', 'responses-bridge:reasoning:v2:{"format":"reasoning"}'],
    ['JSON that does not parse', `${prefix}{"format":`],
    ['JSON that is not an object', `${prefix}["reasoning"]`],
    ['null', `${prefix}null`],
    ['no format', forged({ text: 'hi' })],
    ['an unknown format', forged({ format: 'thinking' })],
    ['a format that is not a string', forged({ format: 1 })],
  ])('refuses %s', (_name, value) => {
    expect(decodeReasoningEnvelope(value)).toBeUndefined();
  });

  it('drops blocks, details and signatures of the wrong shape, and unknown fields', () => {
    const decoded = decodeReasoningEnvelope(
      forged({
        format: 'thinking_blocks',
        blocks: [
          { type: 'thinking', thinking: 'kept', signature: 7 },
          { type: 'thinking', thinking: 1 },
          { type: 'redacted_thinking', data: null },
          { type: 'tool_use', id: 'x' },
          'a string',
          null,
        ],
        details: [
          { type: 'reasoning.text', text: 'kept', index: '0', extra: true },
          { text: 'x' },
          3,
        ],
        text: 42,
        thoughtSignatures: {
          call_1: { signature: 'SIG', field: 'extra_content' },
          call_2: { signature: 'SIG', field: 'somewhere_else' },
          call_3: { signature: 3, field: 'extra_content' },
          call_4: 'SIG',
        },
        injected: '<script>',
      }),
    );
    expect(decoded).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "thinking": "kept",
            "type": "thinking",
          },
        ],
        "details": [
          {
            "text": "kept",
            "type": "reasoning.text",
          },
        ],
        "format": "thinking_blocks",
        "thoughtSignatures": {
          "call_1": {
            "field": "extra_content",
            "signature": "SIG",
          },
        },
      }
    `);
  });

  it('ignores lists and signatures that are not lists and objects', () => {
    expect(
      decodeReasoningEnvelope(
        forged({ format: 'reasoning', blocks: 'x', details: {}, thoughtSignatures: ['x'] }),
      ),
    ).toEqual({ format: 'reasoning' });
  });
});

describe('isPlainReasoningEnvelope', () => {
  it('tells an envelope in the clear from anything else', () => {
    expect(isPlainReasoningEnvelope(encodeReasoningEnvelope({ format: 'reasoning' }))).toBe(true);
    expect(isPlainReasoningEnvelope('gAAAAABpCCSI')).toBe(false);
    expect(isPlainReasoningEnvelope(null)).toBe(false);
  });
});
