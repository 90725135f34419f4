import { describe, expect, it } from 'vitest';
import { hubErrorCode, insufficientFundsMessage, problemMessage, toProblem } from './problem';

describe('toProblem', () => {
  it('keeps a problem body and its extensions', () => {
    const problem = toProblem(402, { status: 402, title: 'Insufficient funds', code: 'insufficient-funds', balance: 5, required: 10 });
    expect(problem).toMatchObject({ code: 'insufficient-funds', balance: 5, required: 10 });
  });

  it('makes a bare problem from a status when there is no body', () => {
    expect(toProblem(502, undefined)).toEqual({ status: 502, code: 'error' });
    expect(toProblem(429, 'busy')).toEqual({ status: 429, code: 'rate-limited' });
    expect(toProblem(404, null).code).toBe('not-found');
  });
});

describe('problemMessage', () => {
  it('explains a limit-reached with the limit, what was spent and when it resets', () => {
    const text = problemMessage({ code: 'limit-reached', status: 403, limit: 95, spent: 90, resetsAt: '2026-12-02T00:00:00Z' });
    expect(text).toContain('Spending limit reached');
    expect(text).toContain('95 tokens');
    expect(text).toContain('90 tokens');
    expect(text).toContain('2026-12-02 00:00 UTC');
  });

  it('explains a 402 with the balance and what is needed', () => {
    expect(problemMessage({ code: 'insufficient-funds', balance: 5, required: 10 })).toBe(
      'Not enough tokens: you have 5 tokens, this needs 10 tokens. Buy more to continue.',
    );
    expect(insufficientFundsMessage({ code: 'insufficient-funds' })).toBe('Not enough tokens for this. Buy more to continue.');
  });

  it('shows a validation detail, else the first field error', () => {
    expect(problemMessage({ code: 'validation', detail: 'amount must be at least 1.' })).toBe('amount must be at least 1.');
    expect(problemMessage({ code: 'validation', errors: { message: ['message is too long.'] } })).toBe('message is too long.');
  });

  it('explains a 422: the client reuses a key only after an uncertain press, so that press went through', () => {
    expect(problemMessage({ code: 'idempotency-conflict', detail: 'Idempotency-Key reused with a different request.' })).toBe(
      'Your earlier press went through with other details, so this one was not sent. Check your balance before trying again.',
    );
  });

  it('falls back to detail, title, then status', () => {
    expect(problemMessage({ code: 'conflict', title: 'Conflict', detail: 'The stream is not live.' })).toBe('The stream is not live.');
    expect(problemMessage({ code: 'forbidden', title: 'Forbidden' })).toBe('Forbidden');
    expect(problemMessage({ code: 'error', status: 502 })).toBe('Request failed (502).');
  });
});

describe('hubErrorCode', () => {
  it('extracts the HubException message', () => {
    const error = new Error("An unexpected error occurred invoking 'JoinOverlay' on the server. HubException: forbidden");
    expect(hubErrorCode(error)).toBe('forbidden');
    expect(hubErrorCode("An unexpected error occurred invoking 'JoinStream' on the server. HubException: ticket-required")).toBe('ticket-required');
  });

  it('is null for anything else', () => {
    expect(hubErrorCode(new Error('WebSocket closed'))).toBeNull();
    expect(hubErrorCode(undefined)).toBeNull();
  });
});
