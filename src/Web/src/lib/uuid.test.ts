import { describe, expect, it } from 'vitest';
import { newIdempotencyKey } from './uuid';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newIdempotencyKey', () => {
  it('uses crypto.randomUUID when there is one', () => {
    expect(newIdempotencyKey()).toMatch(V4);
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });

  it('falls back to getRandomValues outside secure contexts', () => {
    const insecure = { getRandomValues: <T extends ArrayBufferView | null>(a: T) => crypto.getRandomValues(a as Uint8Array) as unknown as T };
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey(insecure)));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(V4);
  });
});
