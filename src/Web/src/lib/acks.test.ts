import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ACK_INTERVAL_MS, EventAcks, MAX_IDS_PER_ACK } from './acks';

describe('EventAcks', () => {
  let sent: string[][];
  let acks: EventAcks;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    acks = new EventAcks('tip', async (kind, ids) => {
      expect(kind).toBe('tip');
      sent.push(ids);
    });
  });

  afterEach(() => {
    acks.stop();
    vi.useRealTimers();
  });

  it('acknowledges a lone event at once', async () => {
    acks.add('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['a']]);
  });

  it('sends at most one batch a second, with everything that came meanwhile', async () => {
    acks.add('a');
    await vi.advanceTimersByTimeAsync(0);
    acks.add('b');
    acks.add('c');
    await vi.advanceTimersByTimeAsync(ACK_INTERVAL_MS - 1);
    expect(sent).toEqual([['a']]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([['a'], ['b', 'c']]);
  });

  it('acknowledges every copy, duplicates included', async () => {
    acks.add('a');
    acks.add('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([['a', 'a']]);
  });

  it('splits a burst into batches the hub accepts', async () => {
    for (let i = 0; i < MAX_IDS_PER_ACK + 3; i++) acks.add(`id${i}`);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent.map((b) => b.length)).toEqual([MAX_IDS_PER_ACK]);
    await vi.advanceTimersByTimeAsync(ACK_INTERVAL_MS);
    expect(sent.map((b) => b.length)).toEqual([MAX_IDS_PER_ACK, 3]);
    expect(acks.pending).toBe(0);
  });

  it('drops a batch the connection could not send', async () => {
    const failing = new EventAcks('tip', () => Promise.reject(new Error('disconnected')));
    failing.add('a');
    await vi.advanceTimersByTimeAsync(0);
    expect(failing.pending).toBe(0);
    failing.stop();
  });
});
