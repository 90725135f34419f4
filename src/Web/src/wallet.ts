import { get, type Earnings, type Wallet } from './api';

/**
 * The signed-in user's balance, shared by the header and the views. It only ever shows figures
 * from the API: `GET /api/wallet`, a response that carries `balance`, or the hub's `balanceChanged`.
 *
 * A hub event is the newest truth; an HTTP answer that was in flight while an event arrived may be
 * older than it, so such an answer is dropped rather than shown (the event already updated it).
 */
type Listener = (balance: number | null) => void;

let balance: number | null = null;
let eventCount = 0;
const listeners = new Set<Listener>();

function set(value: number): void {
  balance = value;
  for (const listener of listeners) listener(balance);
}

export function currentBalance(): number | null {
  return balance;
}

export function onBalance(listener: Listener): () => void {
  listeners.add(listener);
  listener(balance);
  return () => listeners.delete(listener);
}

/** A marker to pass to `setFromResponse` for a request about to start. */
export function balanceEpoch(): number {
  return eventCount;
}

/** From a hub `balanceChanged` (or `callStatus`) event. */
export function setFromEvent(value: number): void {
  eventCount++;
  set(value);
}

/** From an HTTP answer; ignored if a hub event arrived since the request started. */
export function setFromResponse(value: number, epoch: number): void {
  if (epoch === eventCount) set(value);
}

/**
 * A creator's earnings (SPEC §11: escrow, clearing, cashable), shown beside the balance; null for fans. Set from
 * `GET /api/wallet` and from the hub's `earningsChanged`, the newest of which wins as for the balance.
 */
type EarningsListener = (earnings: Earnings | null) => void;

let earnings: Earnings | null = null;
let earningsEvents = 0;
const earningsListeners = new Set<EarningsListener>();

function setEarnings(value: Earnings | null): void {
  earnings = value;
  for (const listener of earningsListeners) listener(earnings);
}

export function onEarnings(listener: EarningsListener): () => void {
  earningsListeners.add(listener);
  listener(earnings);
  return () => earningsListeners.delete(listener);
}

/** From a hub `earningsChanged` event. */
export function setEarningsFromEvent(value: Earnings): void {
  earningsEvents++;
  setEarnings({ escrow: value.escrow, clearing: value.clearing, cashable: value.cashable });
}

export async function refreshWallet(): Promise<void> {
  const epoch = balanceEpoch();
  const earningsEpoch = earningsEvents;
  const wallet = await get<Wallet>('/api/wallet');
  setFromResponse(wallet.balance, epoch);
  if (earningsEpoch === earningsEvents) setEarnings(wallet.earnings ?? null);
}

export function resetWallet(): void {
  balance = null;
  eventCount = 0;
  for (const listener of listeners) listener(balance);
  earningsEvents = 0;
  setEarnings(null);
}
