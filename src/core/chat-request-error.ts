/**
 * A Responses request that cannot be expressed as a Chat Completions request: an item, part or
 * tool that a chat backend has no equivalent for. It names the parameter, as the Responses API
 * does in its 400 errors; the server answers with it, the provider rethrows it as the AI SDK's
 * `UnsupportedFunctionalityError`.
 */
export class ChatRequestError extends Error {
  readonly param: string | null;
  readonly code:
    | 'unsupported_value'
    | 'unsupported_parameter'
    | 'invalid_value'
    | 'missing_required_parameter'
    | 'invalid_encrypted_content';

  constructor(message: string, param: string | null, code: ChatRequestError['code']) {
    super(message);
    this.name = 'ChatRequestError';
    this.param = param;
    this.code = code;
  }
}
