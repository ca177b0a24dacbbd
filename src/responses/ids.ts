import { createIdGenerator } from '@ai-sdk/provider-utils';

/**
 * Makes the id of a response (`resp`), message (`msg`), reasoning item (`rs`), function call
 * item (`fc`) or a missing tool call id (`call`). Returns the whole id, prefix included.
 */
export type GenerateId = (prefix: string) => string;

const generators = new Map<string, () => string>();

/**
 * The default: the prefix, `_`, then 48 hex digits, the shape of the ids the Responses API
 * sends (`msg_67e554a28bec8191b56d3e2331eff88006c52f0e511c76ed`).
 */
export const generateResponsesId: GenerateId = (prefix) => {
  let generator = generators.get(prefix);
  if (generator === undefined) {
    generator = createIdGenerator({
      prefix,
      separator: '_',
      size: 48,
      alphabet: '0123456789abcdef',
    });
    generators.set(prefix, generator);
  }
  return generator();
};
