// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { KeyedAction, UncertainOutcomeError, forgetKeyedActions, keyedAction, uncertainMessage } from './attempt';

type Answer = number | Error | { status: number; body?: unknown; headers?: Record<string, string> };

/** A fetch that answers each call with the next status (or throws the next error) and records the keys sent. */
function mockFetch(...answers: Answer[]) {
  const keys: (string | undefined)[] = [];
  const fetchMock = vi.fn(async (_path: string, init?: RequestInit) => {
    keys.push((init?.headers as Record<string, string>)['Idempotency-Key']);
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    const { status, body, headers } = typeof answer === 'number' ? { status: answer, body: undefined, headers: {} } : answer;
    const json = body ?? (status < 300 ? { id: 'tip-1', amount: 10 } : { status, code: status === 402 ? 'insufficient-funds' : undefined });
    return new Response(status === 204 ? null : JSON.stringify(json), {
      status,
      headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json', ...headers },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, keys };
}

let waits: number[] = [];
const sleep = async (ms: number) => { waits.push(ms); };
let counter = 0;
const action = () => new KeyedAction({ sleep, newKey: () => `key-${++counter}` });

beforeEach(() => {
  waits = [];
  counter = 0;
});
afterEach(() => {
  vi.unstubAllGlobals();
  forgetKeyedActions();
});

describe('KeyedAction (one user attempt that moves tokens)', () => {
  it('retries a 502 with the same key and resolves with the 201 that follows', async () => {
    const { keys } = mockFetch(502, 201);
    const retrying = vi.fn();
    const tip = action();

    const response = await tip.post('/api/tips', { amount: 10 }, retrying);

    expect(response.status).toBe(201);
    expect(keys).toEqual(['key-1', 'key-1']);
    expect(retrying).toHaveBeenCalledTimes(1);
    expect(tip.pendingKey).toBeNull();
  });

  it('retries a lost answer, a 503 and a 504 with the same key too', async () => {
    const { keys } = mockFetch(new TypeError('Failed to fetch'), 503, 504, 201);
    const response = await action().post('/api/tips', { amount: 10 });
    expect(response.status).toBe(201);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
  });

  it('ends at a 4xx: one request, the error thrown, and the next press gets a new key', async () => {
    const { keys } = mockFetch(402, 201);
    const tip = action();

    const error = await tip.post('/api/tips', { amount: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('insufficient-funds');
    expect(keys).toEqual(['key-1']);
    expect(tip.pendingKey).toBeNull();

    await tip.post('/api/tips', { amount: 10 });
    expect(keys).toEqual(['key-1', 'key-2']);
  });

  it('gives up after a few tries, keeps the key, and the next press replays with it', async () => {
    const { keys } = mockFetch(502, 502, 502, 502, 201);
    const tip = action();

    const error = await tip.post('/api/tips', { amount: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UncertainOutcomeError);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1', 'key-1']);
    expect(tip.pendingKey).toBe('key-1');

    const response = await tip.post('/api/tips', { amount: 10 });
    expect(response.status).toBe(201);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1', 'key-1', 'key-1']);
    expect(tip.pendingKey).toBeNull();
  });

  it('gives a new action a new key once the last one had a definitive answer', async () => {
    const { keys } = mockFetch(201, 201);
    const tip = action();
    await tip.post('/api/tips', { amount: 10 });
    await tip.post('/api/tips', { amount: 10 });
    expect(keys).toEqual(['key-1', 'key-2']);
  });

  it('backs off between tries, capped, and honours a Retry-After within the cap', async () => {
    mockFetch(502, { status: 503, headers: { 'Retry-After': '1' } }, { status: 503, headers: { 'Retry-After': '3600' } }, 502);
    await action().post('/api/tips', { amount: 10 }).catch(() => {});
    expect(waits).toEqual([500, 1000, 4000]);
  });

  it('does not retry a 500 by itself but keeps the key: the outcome is unknown', async () => {
    const { keys } = mockFetch(500, 201);
    const tip = action();
    await expect(tip.post('/api/tips', { amount: 10 })).rejects.toBeInstanceOf(UncertainOutcomeError);
    expect(keys).toEqual(['key-1']);
    expect(tip.pendingKey).toBe('key-1');
  });

  it('waits out a 409 that says the first request with this key is still running, but ends at any other 409', async () => {
    const inProgress = { status: 409, headers: { 'Retry-After': '1' }, body: { status: 409, code: 'conflict' } };
    const { keys } = mockFetch(502, inProgress, 201, { status: 409, body: { status: 409, code: 'conflict', detail: 'The stream has ended.' } });
    const tip = action();
    expect((await tip.post('/api/tips', { amount: 10 })).status).toBe(201);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1']);

    const error = await tip.post('/api/tips', { amount: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect(keys).toEqual(['key-1', 'key-1', 'key-1', 'key-2']);
    expect(tip.pendingKey).toBeNull();
  });

  it('keeps the pending key of a scope across views, and forgets them all on sign-out', async () => {
    mockFetch(500);
    const first = keyedAction('tip:creator-1');
    await first.post('/api/tips', { amount: 10 }).catch(() => {});
    expect(first.pendingKey).not.toBeNull();
    expect(keyedAction('tip:creator-1')).toBe(first);
    expect(keyedAction('tip:creator-2')).not.toBe(first);

    forgetKeyedActions();
    expect(keyedAction('tip:creator-1').pendingKey).toBeNull();
  });

  it('tells the user to press the same button again', () => {
    expect(uncertainMessage('Send')).toBe('Not sure it went through — press Send again to retry safely.');
    expect(new UncertainOutcomeError('Send').message).toBe(uncertainMessage('Send'));
  });
});
