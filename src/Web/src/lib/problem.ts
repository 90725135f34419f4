import { formatTokens } from './format';

/** RFC 9457 problem details with the API's stable `code` extension (SPEC §3). */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  traceId?: string;
  code?: string;
  errors?: Record<string, string[]>;
  /** insufficient-funds: the payer's balance and what the operation needs. */
  balance?: number;
  required?: number;
  [extension: string]: unknown;
}

/** The `code` for a status when a response carried no problem body (e.g. a proxy's bare 502). */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'validation';
    case 401: return 'unauthorized';
    case 402: return 'insufficient-funds';
    case 403: return 'forbidden';
    case 404: return 'not-found';
    case 409: return 'conflict';
    case 413: return 'payload-too-large';
    case 422: return 'idempotency-conflict';
    case 429: return 'rate-limited';
    case 503: return 'unavailable';
    default: return 'error';
  }
}

/** Reads a problem from a parsed error body; anything else becomes a bare problem for the status. */
export function toProblem(status: number, body: unknown): Problem {
  const problem: Problem = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as Problem) } : {};
  problem.status ??= status;
  problem.code ??= codeForStatus(status);
  return problem;
}

/** "You have 5 tokens; this needs 10 tokens." for a 402. */
export function insufficientFundsMessage(problem: Problem): string {
  const have = typeof problem.balance === 'number' ? problem.balance : null;
  const need = typeof problem.required === 'number' ? problem.required : null;
  if (have !== null && need !== null) {
    return `Not enough tokens: you have ${formatTokens(have)}, this needs ${formatTokens(need)}. Buy more to continue.`;
  }
  return 'Not enough tokens for this. Buy more to continue.';
}

/** "Your daily spending limit is 95 tokens and you have spent 90 …" for a 403 `limit-reached` (SPEC §13). */
export function limitReachedMessage(problem: Problem): string {
  const limit = typeof problem.limit === 'number' ? problem.limit : null;
  const spent = typeof problem.spent === 'number' ? problem.spent : null;
  const resets = typeof problem.resetsAt === 'string' ? new Date(problem.resetsAt) : null;
  const when = resets && !Number.isNaN(resets.getTime()) ? ` It resets ${resets.toISOString().replace('T', ' ').slice(0, 16)} UTC.` : '';
  if (limit !== null && spent !== null) {
    return `Spending limit reached: your limit is ${formatTokens(limit)} and you have spent ${formatTokens(spent)}, so this was not sent.${when} You can change your limits under Limits.`;
  }
  return `${problem.detail ?? 'This would cross your spending limit.'}${when}`;
}

/** A sentence for the user, from a problem. */
export function problemMessage(problem: Problem): string {
  switch (problem.code) {
    case 'insufficient-funds':
      return insufficientFundsMessage(problem);
    case 'limit-reached':
      return limitReachedMessage(problem);
    case 'validation': {
      if (problem.detail) return problem.detail;
      const first = problem.errors ? Object.values(problem.errors).flat()[0] : undefined;
      return first ?? 'Please check what you entered.';
    }
    case 'idempotency-conflict':
      // The client reuses a key only for a press whose outcome was unknown (attempt.ts): that press was applied.
      return 'Your earlier press went through with other details, so this one was not sent. Check your balance before trying again.';
    case 'rate-limited':
      return 'Too many requests right now. Wait a moment and try again.';
    case 'unavailable':
      return 'The service is unavailable right now; nothing was charged. Try again shortly.';
    case 'unauthorized':
      return 'Your sign-in was rejected. Paste a fresh token.';
    default:
      return problem.detail || problem.title || `Request failed (${problem.status ?? 'network'}).`;
  }
}

/**
 * The code a SignalR `HubException` carried: the JS client reports it as
 * "An unexpected error occurred invoking 'JoinStream' on the server. HubException: ticket-required".
 */
export function hubErrorCode(error: unknown): string | null {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /HubException:\s*(.+)$/.exec(message);
  return match ? match[1].trim() : null;
}
