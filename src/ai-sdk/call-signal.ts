/**
 * The abort signal of one call: it fires when the caller's `abortSignal` does, and when the
 * provider itself stops the call (the consumer cancelled the stream, a callback threw), so that
 * the upstream request stops either way, with or without a signal from the caller.
 */
export class CallSignal {
  private readonly controller = new AbortController();
  private readonly caller: AbortSignal | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.caller?.reason);

  constructor(caller: AbortSignal | undefined) {
    this.caller = caller;
    if (caller?.aborted) this.controller.abort(caller.reason);
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  /** The signal to give the upstream request. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the upstream request now. */
  abort(reason?: unknown): void {
    this.release();
    this.controller.abort(reason);
  }

  /** Stops following the caller's signal: the call is over. */
  release(): void {
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}

/** The caller's abort reason once its signal has fired (an AbortError if it gave none). */
export function abortReason(signal: AbortSignal | undefined): unknown {
  if (signal?.aborted !== true) return undefined;
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
