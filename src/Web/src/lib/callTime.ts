/**
 * The call panel's "time left" countdown (SPEC §4 metering, §10 call panel).
 *
 * Blocks are prepaid: block n covers active seconds [30n, 30(n+1)) and is charged when it starts.
 * So after `blocksBilled` blocks the call is paid up to `blocksBilled × 30` active seconds, and the
 * balance pays for `floor(balance / blockCost)` more blocks. Time left is how far the active clock is
 * from the end of everything paid or payable:
 *
 *   timeLeft = (blocksBilled × 30 − active) + floor(balance / blockCost) × 30
 *
 * Written as "covered − active" it stays continuous when a block is charged (blocksBilled goes up by
 * one and the balance down by one block cost: same sum) and when the metering pass runs a few
 * seconds late (active briefly passes blocksBilled × 30 but the next block is still payable).
 * Nothing here moves money; the figures come from the API.
 */

export const BLOCK_SECONDS = 30;

export type CallStatus = 'requested' | 'active' | 'paused' | 'ended' | 'declined' | 'cancelled' | 'expired';

export interface CallClock {
  status: CallStatus | string;
  blocksBilled: number;
  blockCost: number;
  /** The fan's balance; null when unknown (a creator's panel: the hub tells a creator their own balance). */
  balance: number | null;
  /** Active (billed-time) seconds as of `syncedAtMs`. */
  activeSeconds: number;
  /** Local clock (ms) when `activeSeconds` was read. */
  syncedAtMs: number;
  blockSeconds?: number;
}

/** The subset of the hub's `callStatus` event the clock needs. */
export interface CallStatusUpdate {
  status: string;
  blocksBilled: number;
  balance: number;
}

/**
 * Whether billed time runs: the call is active and billing has started. Billing starts when both sides'
 * media connects, which charges block 0 (SPEC §17), so an active call with no block billed is still
 * connecting; a pause (by a participant or for lost media) stops the clock.
 */
export function isClockRunning(clock: Pick<CallClock, 'status' | 'blocksBilled'>): boolean {
  return clock.status === 'active' && clock.blocksBilled > 0;
}

/** Active seconds at `nowMs`: the clock only runs while billing does. */
export function activeSecondsAt(clock: CallClock, nowMs: number): number {
  if (!isClockRunning(clock)) return clock.activeSeconds;
  const elapsed = Math.max(0, Math.floor((nowMs - clock.syncedAtMs) / 1000));
  return clock.activeSeconds + elapsed;
}

/** Active seconds paid for (billed blocks) plus those the balance can still pay for. */
export function coveredSeconds(blocksBilled: number, blockCost: number, balance: number | null, blockSeconds = BLOCK_SECONDS): number {
  const payableBlocks = balance !== null && blockCost > 0 ? Math.floor(Math.max(0, balance) / blockCost) : 0;
  return (blocksBilled + payableBlocks) * blockSeconds;
}

/** Whole seconds of call the fan still has at `nowMs` (0 once the call is over). */
export function timeLeftSeconds(clock: CallClock, nowMs: number): number {
  if (clock.status === 'ended' || clock.status === 'declined' || clock.status === 'cancelled' || clock.status === 'expired') {
    return 0;
  }
  const covered = coveredSeconds(clock.blocksBilled, clock.blockCost, clock.balance, clock.blockSeconds ?? BLOCK_SECONDS);
  return Math.max(0, covered - activeSecondsAt(clock, nowMs));
}

/**
 * Applies a `callStatus` event. The event carries no active seconds, so the local clock is
 * re-anchored: a newly charged block n starts at 30n active seconds, so the clock is kept within
 * that block (the caller then refetches the call for the exact figure).
 */
export function applyCallStatus(clock: CallClock, update: CallStatusUpdate, nowMs: number): CallClock {
  const blockSeconds = clock.blockSeconds ?? BLOCK_SECONDS;
  let active = activeSecondsAt(clock, nowMs);
  if (update.blocksBilled > clock.blocksBilled && update.blocksBilled > 0) {
    const blockStart = (update.blocksBilled - 1) * blockSeconds;
    active = Math.min(Math.max(active, blockStart), blockStart + blockSeconds);
  }
  return {
    ...clock,
    status: update.status,
    blocksBilled: update.blocksBilled,
    // The event carries the receiver's own balance: only a fan's panel counts it.
    balance: clock.balance === null ? null : update.balance,
    activeSeconds: active,
    syncedAtMs: nowMs,
  };
}

/** Before the first `callStatus` event: the fan is warned when fewer than two more blocks are payable. */
export function isLowBalance(balance: number | null, blockCost: number): boolean {
  return balance !== null && blockCost > 0 && balance < 2 * blockCost;
}
