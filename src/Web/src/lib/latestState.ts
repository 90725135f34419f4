/**
 * Tells a receiver the latest value of a yes/no state, retrying until it has it (the call's media state, SPEC §17:
 * the API bills while both sides report connected). Changes made while a send is in flight collapse into the latest;
 * a send that fails is retried after a pause unless `isFinal` says the receiver will never want it (the call is over).
 */
export class LatestState {
  private acknowledged = false;
  private wanted = false;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly send: (state: boolean) => Promise<void>,
    private readonly isFinal: (error: unknown) => boolean,
    private readonly retryMs = 1_000,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  set(state: boolean): void {
    this.wanted = state;
    // Only when there is something to send: a flush that found nothing would end before it was stored.
    if (this.flushing === null && !this.stopped && this.acknowledged !== state) this.flushing = this.flush();
  }

  /** The send in flight, if any (a caller closing down gives it a moment). */
  get pending(): Promise<void> | null {
    return this.flushing;
  }

  stop(): void {
    this.stopped = true;
  }

  private async flush(): Promise<void> {
    try {
      while (!this.stopped && this.acknowledged !== this.wanted) {
        const state = this.wanted;
        try {
          await this.send(state);
          this.acknowledged = state;
        } catch (error) {
          if (this.isFinal(error)) return;
          await this.sleep(this.retryMs);
        }
      }
    } finally {
      this.flushing = null; // no await since the loop's last check: a change made now starts a new flush
    }
  }
}
