// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Earnings } from './api';
import { onBalance, onEarnings, refreshWallet, resetWallet, setEarningsFromEvent } from './wallet';

/** A fetch that answers GET /api/wallet with `body`, once `release` is called. */
function walletAnswer(body: unknown) {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => { release = resolve; });
  vi.stubGlobal('fetch', vi.fn(async () => {
    await gate;
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
  }));
  return release;
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetWallet();
});

describe('the wallet in the header', () => {
  it('shows a creator\'s earnings from GET /api/wallet and none for a fan', async () => {
    const seen: (Earnings | null)[] = [];
    onEarnings((e) => seen.push(e));
    walletAnswer({ balance: 40, earnings: { escrow: 5, clearing: 30, cashable: 100 } })();
    await refreshWallet();
    expect(seen.at(-1)).toEqual({ escrow: 5, clearing: 30, cashable: 100 });

    walletAnswer({ balance: 40, earnings: null })();
    await refreshWallet();
    expect(seen.at(-1)).toBeNull();
  });

  it('keeps the newer earningsChanged over a wallet answer that was in flight', async () => {
    let balance: number | null = null;
    let earnings: Earnings | null = null;
    onBalance((b) => { balance = b; });
    onEarnings((e) => { earnings = e; });
    const release = walletAnswer({ balance: 40, earnings: { escrow: 0, clearing: 10, cashable: 0 } });
    const reading = refreshWallet();
    setEarningsFromEvent({ escrow: 0, clearing: 22, cashable: 0 });
    release();
    await reading;

    expect(earnings).toEqual({ escrow: 0, clearing: 22, cashable: 0 });
    expect(balance).toBe(40);
  });
});
