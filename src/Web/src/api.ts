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

export interface Wallet {
  balance: number;
  lifetime: { purchased: number; spent: number; earned: number; cashedOut: number };
  cashableCents: number;
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
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
