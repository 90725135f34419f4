/**
 * Acknowledges the hub events a connection received (SPEC §20: the hub counts a `tip` delivered to a connection as
 * delivered once that connection acknowledges it). Ids are sent in batches with `AcknowledgeEvents(kind, ids)`: at
 * once when the last batch went out a second or more ago, else when that second is up, so a busy room costs the
 * connection at most one invocation a second (hub invocations are rate-limited). Every copy received is acknowledged,
 * duplicates included: the hub counts each copy it sent. A batch that cannot be sent (the connection dropped) is
 * dropped: its deliveries were to a connection that no longer exists.
 */
export const ACK_INTERVAL_MS = 1_000;
export const MAX_IDS_PER_ACK = 50;

export type SendAcks = (kind: string, ids: string[]) => Promise<void>;

export class EventAcks {
  private readonly queue: string[] = [];
  private lastSentAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly kind: string,
    private readonly send: SendAcks,
    private readonly now: () => number = () => Date.now(),
  ) {}

  add(id: string): void {
    this.queue.push(id);
    if (this.timer === null) this.schedule();
  }

  /** Ids waiting to be sent (for tests). */
  get pending(): number {
    return this.queue.length;
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastSentAt + ACK_INTERVAL_MS - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const ids = this.queue.splice(0, MAX_IDS_PER_ACK);
    if (ids.length === 0) return;
    this.lastSentAt = this.now();
    this.send(this.kind, ids).catch(() => {});
    if (this.queue.length > 0) this.schedule();
  }
}
