import { describe, expect, it } from 'vitest';
import { activeSecondsAt, applyCallStatus, coveredSeconds, isLowBalance, timeLeftSeconds, type CallClock } from './callTime';

const T0 = 1_700_000_000_000;

function clock(overrides: Partial<CallClock> = {}): CallClock {
  return { status: 'active', blocksBilled: 1, blockCost: 10, balance: 100, activeSeconds: 0, syncedAtMs: T0, ...overrides };
}

describe('timeLeftSeconds', () => {
  it('is the rest of the current block plus 30 s per block the balance pays', () => {
    // Block 0 billed, at 0 s active: 30 s prepaid + floor(100/10) = 10 blocks × 30 s.
    expect(timeLeftSeconds(clock(), T0)).toBe(30 + 300);
  });

  it('counts down one second per second while active', () => {
    const c = clock({ activeSeconds: 12 });
    expect(timeLeftSeconds(c, T0)).toBe(318);
    expect(timeLeftSeconds(c, T0 + 1_000)).toBe(317);
    expect(timeLeftSeconds(c, T0 + 10_999)).toBe(308);
  });

  it('ignores a partial block of balance (floor)', () => {
    expect(timeLeftSeconds(clock({ balance: 29 }), T0)).toBe(30 + 2 * 30);
    expect(timeLeftSeconds(clock({ balance: 9 }), T0)).toBe(30);
  });

  it('does not move while the media is still connecting (active, nothing billed yet)', () => {
    const c = clock({ blocksBilled: 0 });
    expect(timeLeftSeconds(c, T0)).toBe(300);
    expect(timeLeftSeconds(c, T0 + 20_000)).toBe(300);
  });

  it('does not move while paused', () => {
    const c = clock({ status: 'paused', activeSeconds: 20 });
    expect(timeLeftSeconds(c, T0)).toBe(310);
    expect(timeLeftSeconds(c, T0 + 60_000)).toBe(310);
  });

  it('never goes below zero', () => {
    expect(timeLeftSeconds(clock({ balance: 0, activeSeconds: 25 }), T0 + 60_000)).toBe(0);
  });

  it('is zero once the call is over', () => {
    for (const status of ['ended', 'declined', 'cancelled', 'expired']) {
      expect(timeLeftSeconds(clock({ status }), T0)).toBe(0);
    }
  });

  it('stays continuous when the next block is charged', () => {
    // 31 s active, metering not run yet: block 1 is still payable from the balance.
    const before = clock({ blocksBilled: 1, balance: 100, activeSeconds: 31 });
    expect(timeLeftSeconds(before, T0)).toBe(299);
    // The pass charges block 1: one more block billed, one block cost less balance.
    const after = applyCallStatus(before, { status: 'active', blocksBilled: 2, balance: 90 }, T0);
    expect(timeLeftSeconds(after, T0)).toBe(299);
  });

  it('counts only prepaid time when the balance is unknown (creator side)', () => {
    const c = clock({ balance: null, blocksBilled: 3, activeSeconds: 70 });
    expect(timeLeftSeconds(c, T0)).toBe(20);
  });

  it('before accept: the whole balance, not counting down', () => {
    const c = clock({ status: 'requested', blocksBilled: 0, activeSeconds: 0, balance: 45 });
    expect(timeLeftSeconds(c, T0 + 5_000)).toBe(120);
  });
});

describe('activeSecondsAt and coveredSeconds', () => {
  it('adds whole elapsed seconds only while active', () => {
    expect(activeSecondsAt(clock({ activeSeconds: 5 }), T0 + 2_500)).toBe(7);
    expect(activeSecondsAt(clock({ activeSeconds: 5, status: 'paused' }), T0 + 2_500)).toBe(5);
    // A local clock that went backwards never makes time run in reverse.
    expect(activeSecondsAt(clock({ activeSeconds: 5 }), T0 - 10_000)).toBe(5);
  });

  it('covers billed blocks plus payable ones', () => {
    expect(coveredSeconds(2, 10, 35)).toBe(150);
    expect(coveredSeconds(2, 10, null)).toBe(60);
    expect(coveredSeconds(0, 0, 100)).toBe(0);
    expect(coveredSeconds(1, 10, -5)).toBe(30);
  });
});

describe('applyCallStatus', () => {
  it('keeps the local clock inside the block that was just charged', () => {
    // Local clock says 20 s but block 2 (starting at 60 s) was charged: jump to its start.
    const behind = applyCallStatus(clock({ activeSeconds: 20 }), { status: 'active', blocksBilled: 3, balance: 70 }, T0);
    expect(behind.activeSeconds).toBe(60);
    // Local clock far ahead: held at the block's end.
    const ahead = applyCallStatus(clock({ activeSeconds: 200, blocksBilled: 2 }), { status: 'active', blocksBilled: 3, balance: 70 }, T0);
    expect(ahead.activeSeconds).toBe(90);
  });

  it('re-anchors to the event time and takes status and balance', () => {
    const next = applyCallStatus(clock({ activeSeconds: 10 }), { status: 'paused', blocksBilled: 1, balance: 80 }, T0 + 4_000);
    expect(next).toMatchObject({ status: 'paused', activeSeconds: 14, syncedAtMs: T0 + 4_000, balance: 80 });
    expect(timeLeftSeconds(next, T0 + 60_000)).toBe(16 + 240);
  });

  it('leaves an unknown balance unknown (the event carries the receiver’s own balance)', () => {
    const next = applyCallStatus(clock({ balance: null }), { status: 'active', blocksBilled: 1, balance: 5000 }, T0);
    expect(next.balance).toBeNull();
  });
});

describe('isLowBalance', () => {
  it('warns below two blocks', () => {
    expect(isLowBalance(19, 10)).toBe(true);
    expect(isLowBalance(20, 10)).toBe(false);
    expect(isLowBalance(null, 10)).toBe(false);
  });
});
