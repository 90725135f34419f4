/**
 * Runs a refetch after a request for one, at most one pending at a time, at a random moment between `minMs` and
 * `minMs + spreadMs` after the first request. Every viewer of a show asks after each tip: spread out, their reads do not
 * all reach the API in the same instant, and a request while one is pending joins it, so tips faster than the delay
 * cannot put the refetch off for ever (as re-arming a timer on each would). `now()` refetches at once, for what the user
 * just did.
 */
export class Refresher {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly run: () => void,
    private readonly minMs = 500,
    private readonly spreadMs = 4_500,
    private readonly random: () => number = Math.random,
  ) {}

  request(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => this.fire(), this.minMs + Math.floor(this.random() * this.spreadMs));
  }

  now(): void {
    this.cancel();
    this.run();
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private fire(): void {
    this.timer = null;
    this.run();
  }
}
