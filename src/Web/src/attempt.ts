import { ApiError, requestOnce, type ApiResponse } from './api';
import { newIdempotencyKey } from './lib/uuid';

/** Shown while a keyed POST is being retried. */
export const RETRYING_MESSAGE = 'Connection trouble — retrying…';

/** Shown after the retries ran out without a definitive answer; `button` names what to press. */
export function uncertainMessage(button: string): string {
  return `Not sure it went through — press ${button} again to retry safely.`;
}

/**
 * No definitive answer came (no answer, 502/503/504 until the tries ran out, or another 5xx): the
 * server may or may not have applied it. The action keeps its key, so pressing again replays.
 */
export class UncertainOutcomeError extends Error {
  constructor(button: string, options?: ErrorOptions) {
    super(uncertainMessage(button), options);
    this.name = 'UncertainOutcomeError';
  }
}

export interface KeyedActionConfig {
  /** How many requests one press may send (the first and its retries). */
  tries?: number;
  /** The wait before each retry: `baseDelayMs` × 2^n, never above `maxDelayMs` (nor a `Retry-After` above it). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** The button the user presses again after an uncertain outcome, for the message. */
  button?: string;
  sleep?: (ms: number) => Promise<void>;
  newKey?: () => string;
}

/**
 * One thing the user asks for that moves tokens (a tip, a ticket, a purchase, a call request), with
 * one Idempotency-Key from the first press until the server answers definitively: a 2xx, or a 4xx
 * other than "still running" (a 409 with `Retry-After`, or `code: idempotency-in-progress`). Until
 * then each press re-sends under the same key, so a request that was applied before its answer was
 * lost (through the gateway: a 502/504 from an API that committed and then died) is replayed by the
 * server, never applied twice (SPEC §3). Within one press, lost answers, 502/503/504 and "still
 * running" are retried with capped backoff; any other 5xx leaves the outcome unknown at once.
 */
export class KeyedAction {
  private key: string | null = null;
  private readonly tries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly button: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly newKey: () => string;

  constructor(config: KeyedActionConfig = {}) {
    this.tries = config.tries ?? 4;
    this.baseDelayMs = config.baseDelayMs ?? 500;
    this.maxDelayMs = config.maxDelayMs ?? 4000;
    this.button = config.button ?? 'Send';
    this.sleep = config.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.newKey = config.newKey ?? newIdempotencyKey;
  }

  /** The key the next press will reuse, or null when the last press ended definitively. */
  get pendingKey(): string | null {
    return this.key;
  }

  /**
   * POSTs under this action's key. Resolves with a 2xx; throws `ApiError` for a definitive 4xx
   * (the key is then dropped) and `UncertainOutcomeError` when no definitive answer came (the key
   * is kept). `onRetrying` is called before each retry, to tell the user.
   */
  async post<T>(path: string, body?: unknown, onRetrying?: () => void): Promise<ApiResponse<T>> {
    const key = (this.key ??= this.newKey());
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await requestOnce<T>('POST', path, { body, idempotencyKey: key });
        this.key = null;
        return response;
      } catch (error) {
        if (error instanceof ApiError && isDefinitive(error)) {
          this.key = null;
          throw error;
        }
        if (!isRetriable(error) || attempt + 1 >= this.tries) throw new UncertainOutcomeError(this.button, { cause: error });
        onRetrying?.();
        await this.sleep(this.delay(attempt, error));
      }
    }
  }

  private delay(attempt: number, error: unknown): number {
    const backoff = this.baseDelayMs * 2 ** attempt;
    const asked = error instanceof ApiError ? retryAfterMs(error.retryAfter) : 0;
    return Math.min(this.maxDelayMs, Math.max(backoff, asked));
  }
}

/** A 409 telling that the first request under this key is still running: wait and ask again. */
function isInProgress(error: ApiError): boolean {
  return error.status === 409 && (error.code === 'idempotency-in-progress' || error.retryAfter !== null);
}

function isDefinitive(error: ApiError): boolean {
  return error.status >= 400 && error.status < 500 && !isInProgress(error);
}

/** No answer at all (fetch threw), a gateway/availability 5xx, or "still running". */
function isRetriable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 502 || error.status === 503 || error.status === 504 || isInProgress(error);
}

function retryAfterMs(header: string | null): number {
  if (header === null) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - Date.now());
}

const actions = new Map<string, KeyedAction>();

/**
 * The action for one scope (e.g. `tip:<creatorId>:<streamId>`), kept for the session so a pending
 * key survives the view being re-rendered (navigating away and back, reopening a sheet).
 */
export function keyedAction(scope: string, button?: string): KeyedAction {
  let action = actions.get(scope);
  if (!action) {
    action = new KeyedAction({ button });
    actions.set(scope, action);
  }
  return action;
}

/** Sign-out: another user's pending keys mean nothing. */
export function forgetKeyedActions(): void {
  actions.clear();
}
