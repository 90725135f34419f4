import { currentToken } from './session';
import { problemMessage, toProblem, type Problem } from './lib/problem';

/** An HTTP answer outside 2xx, with its RFC 9457 problem (SPEC §3). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** The `Retry-After` header, as sent (seconds or an HTTP date), if any. */
  readonly retryAfter: string | null;

  constructor(status: number, problem: Problem, retryAfter: string | null = null) {
    super(problemMessage(problem));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? 'error';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as `Idempotency-Key`. Keyed POSTs are retried by `KeyedAction` (attempt.ts), not here. */
  idempotencyKey?: string;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
}

let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401: the token expired or was rejected. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

const GET_RETRIES_WITHOUT_ANSWER = 2;

/**
 * Calls the API (same origin, relative paths). Returns status and parsed JSON; throws `ApiError`
 * for every non-2xx answer, and whatever `fetch` threw when no answer came. A GET whose answer was
 * lost (network error) is retried; nothing else is: a POST that moves tokens goes through a
 * `KeyedAction`, which keeps its Idempotency-Key across tries until the answer is definitive.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce<T>(method, path, options);
    } catch (error) {
      if (error instanceof ApiError || method !== 'GET' || attempt >= GET_RETRIES_WITHOUT_ANSWER) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  }
}

/** One HTTP exchange: the answer, `ApiError` for a non-2xx, or what `fetch` threw (no answer). */
export async function requestOnce<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });

  const text = await response.text();
  let body: unknown = undefined;
  if (text !== '' && /json/i.test(response.headers.get('Content-Type') ?? '')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }

  if (!response.ok) {
    if (response.status === 401 && unauthorizedHandler) unauthorizedHandler();
    throw new ApiError(response.status, toProblem(response.status, body), response.headers.get('Retry-After'));
  }
  return { status: response.status, data: body as T };
}

export const get = async <T>(path: string): Promise<T> => (await request<T>('GET', path)).data;

export const post = async <T>(path: string, body?: unknown): Promise<T> => (await request<T>('POST', path, { body })).data;

export const put = async <T>(path: string, body: unknown): Promise<T> => (await request<T>('PUT', path, { body })).data;

export const del = async (path: string): Promise<void> => {
  await request<unknown>('DELETE', path);
};

/** A file from the API (the bearer token goes along), saved by the browser under `fileName`. */
export async function download(path: string, fileName: string): Promise<void> {
  const headers: Record<string, string> = {};
  const token = currentToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(path, { headers });
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw new ApiError(response.status, toProblem(response.status, body));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A message for the user from anything a request threw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'Network error: check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

// ---- API shapes (SPEC §4) ----

export interface Me {
  id: string;
  displayName: string;
  role: 'fan' | 'creator';
}

/** A creator's earnings (SPEC §11); null for fans, and absent from an API that does not separate them yet. */
export interface Earnings {
  escrow: number;
  clearing: number;
  cashable: number;
}

export interface Wallet {
  balance: number;
  lifetime: { purchased: number; spent: number; earned: number; cashedOut: number };
  cashableCents: number;
  earnings?: Earnings | null;
}

export interface EarningsDay {
  date: string;
  tips: number;
  tickets: number;
  calls: number;
  subscriptions: number;
}

export interface EarningsSummary {
  lifetime: { tips: number; tickets: number; calls: number; subscriptions: number; total: number };
  days: EarningsDay[];
}

export interface Cashout {
  id: string;
  tokens: number;
  usdCents: number;
  /** `pending`, `approved`, `paid`, `rejected` or `failed` (SPEC §16). */
  status: string;
  createdAt?: string;
  approvedBy?: string | null;
  transferId?: string | null;
  /** The bank's payout of a paid cash-out: `pending`, `paid` or `failed`. */
  bankStatus?: string | null;
  failureReason?: string | null;
}

/** A creator's Stripe Connect payout account (SPEC §16). */
export interface PayoutAccount {
  accountId: string | null;
  status: 'none' | 'onboarding' | 'restricted' | 'enabled';
  payoutsEnabled: boolean;
  requirements: string[];
  country: string | null;
  currency: string | null;
}

/** A weekly payout: every `weekday` (UTC), everything cashable once it reaches `minimumTokens`. */
export interface PayoutSchedule {
  weekday: string;
  minimumTokens: number;
  lastRunOn: string | null;
}

export interface Transaction {
  id: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  counterpartyId: string | null;
  referenceId: string;
  memo: string | null;
  createdAt: string;
}

export interface TipMenuItem {
  id: string;
  label: string;
  price: number;
}

export interface TipMenu {
  creatorId: string;
  items: TipMenuItem[];
}

export interface GoalDto {
  title: string;
  target: number;
  progress: number;
  reachedAt: string | null;
}

export interface PendingLimit {
  tokens: number | null;
  effectiveAt: string;
}

export interface SpendingLimits {
  dailyTokens: number | null;
  monthlyTokens: number | null;
  pending: { daily: PendingLimit | null; monthly: PendingLimit | null } | null;
  spentToday: number;
  spentThisMonth: number;
}

/** The hub's `callRequested` and the items of `GET /api/creators/me/call-requests`. */
export interface CallRequest {
  callId: string;
  fanId: string;
  fanName: string;
  ratePerMinute: number;
  blockCost: number;
  requestedAt: string;
  expiresAt: string;
}

export interface CreatorListItem {
  id: string;
  displayName: string;
  liveStreamId: string | null;
  callSettings: { ratePerMinute: number; available: boolean } | null;
}

export interface TokenPackage {
  id: string;
  code: string;
  tokens: number;
  priceCents: number;
  currency: string;
}

export interface Purchase {
  id: string;
  packageId: string;
  tokens: number;
  priceCents: number;
  status: string;
  checkoutUrl: string;
}

export interface Creator {
  id: string;
  displayName: string;
  callSettings: { ratePerMinute: number; available: boolean } | null;
  liveStreamId: string | null;
}

export interface StreamSummary {
  id: string;
  creatorId: string;
  title: string;
  ticketPrice: number | null;
  status: string;
}

export interface Stream extends StreamSummary {
  description: string | null;
  category: string | null;
  ticketsSold: number;
  viewerCount: number;
  tipsTotal: number;
  overlayUrl: string | null;
  goal?: GoalDto | null;
}

export interface StreamAccess {
  canWatch: boolean;
  reason: 'public' | 'owner' | 'ticket' | 'ticket-required';
}

export interface Ticket {
  id: string;
  streamId: string;
  price: number;
  balance: number;
}

export interface Tip {
  id: string;
  creatorId: string;
  amount: number;
  message: string | null;
  streamId: string | null;
  callId: string | null;
  balance: number;
  createdAt: string;
  label?: string | null;
}

export interface Call {
  id: string;
  creatorId: string;
  fanId: string;
  status: string;
  ratePerMinute: number;
  blockCost: number;
  blockSeconds: number;
  blocksBilled: number;
  totalCharged: number;
  activeSeconds: number;
  startedAt: string | null;
  endReason: string | null;
  /** When both sides' media first connected: billing started (SPEC §17). */
  mediaConnectedAt?: string | null;
  /** Since when the media is lost, while it is (billing paused, the grace period running). */
  mediaLostAt?: string | null;
  mediaSeconds?: number;
}

/** `GET /api/calls/{id}/ice-servers` (SPEC §17). */
export interface IceServers {
  iceServers: { urls: string[]; username: string; credential: string }[];
  ttlSeconds: number;
  iceTransportPolicy: RTCIceTransportPolicy;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A creator's subscription tier (SPEC §18); `subscriberCount` only in the creator's own view. */
export interface SubscriptionTier {
  id: string;
  name: string;
  priceTokens: number;
  perks: string;
  ticketDiscountPercent: number;
  available: boolean;
  subscriberCount: number | null;
}

export type SubscriptionStatus = 'active' | 'past-due' | 'ended' | 'lapsed';

export interface Subscription {
  id: string;
  creatorId: string;
  tierId: string;
  status: SubscriptionStatus;
  currentPeriodStart: string;
  currentPeriodEnd: string;
  renews: boolean;
  priceTokens: number;
  nextTierId: string | null;
  creatorName: string | null;
  tierName: string | null;
}

/** `subscriptionChanged` (SPEC §18): to the fan and the creator, with the creator's active subscriber count. */
export interface SubscriptionChanged {
  subscriptionId: string;
  fanId: string;
  creatorId: string;
  tierId: string;
  status: SubscriptionStatus;
  renews: boolean;
  currentPeriodEnd: string;
  priceTokens: number;
  subscriberCount: number;
}
