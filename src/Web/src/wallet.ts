import { get, type Wallet } from './api';

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

export async function refreshWallet(): Promise<void> {
  const epoch = balanceEpoch();
  const wallet = await get<Wallet>('/api/wallet');
  setFromResponse(wallet.balance, epoch);
}

export function resetWallet(): void {
  balance = null;
  eventCount = 0;
  for (const listener of listeners) listener(balance);
}
