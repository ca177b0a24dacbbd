import { InvalidResponseDataError } from '@ai-sdk/provider';
import { type CallContext, toApiCallError } from './to-api-call-error';

/**
 * A non-streaming answer must be a completion: a 200 with an `error` member (some servers answer
 * so, OpenRouter even beside choices) is thrown as the APICallError it is, so that retries act
 * on it; anything else that is not a completion object is invalid data.
 */
export function checkCompletion(completion: unknown, context: CallContext): void {
  if (typeof completion !== 'object' || completion === null || Array.isArray(completion)) {
    throw new InvalidResponseDataError({
      data: undefined,
      message: `The endpoint answered with a ${Array.isArray(completion) ? 'list' : typeof completion} instead of a chat completion.`,
    });
  }
  const { error, choices } = completion as { error?: unknown; choices?: unknown };
  // OpenRouter may put the error beside normal choices: the call failed all the same.
  if (error !== undefined && error !== null && error !== '' && error !== false) {
    throw toApiCallError(Object.assign(new Error('error'), { error }), context);
  }
  if (!Array.isArray(choices)) {
    throw new InvalidResponseDataError({
      data: undefined,
      message: 'The endpoint answered with an object that has no choices.',
    });
  }
}
