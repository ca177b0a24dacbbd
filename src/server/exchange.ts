/**
 * One request to the handler and its answer, followed until the answer is over (a stream ends
 * after the handler returns): what its log line reports, and whether it counts in flight.
 */
export class Exchange {
  model: string | undefined;
  origin: string | undefined;
  status = 0;
  streaming = false;
  /** Counted among the requests in flight. */
  admitted = false;
  private readonly started = performance.now();
  private over = false;

  constructor(
    readonly request: Request,
    private readonly onEnd: (exchange: Exchange) => void,
  ) {}

  get durationMs(): number {
    return performance.now() - this.started;
  }

  end(): void {
    if (this.over) return;
    this.over = true;
    this.onEnd(this);
  }
}
