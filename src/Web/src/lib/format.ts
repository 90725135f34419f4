/**
 * Display formatting. Amounts arrive from the API as whole tokens and whole cents; everything here
 * is integer arithmetic (no floating point near money, SPEC §2).
 */

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1234` → `1,234`. */
export function formatNumber(n: number): string {
  return grouping.format(n);
}

/** `1` → `1 token`, `1200` → `1,200 tokens`. */
export function formatTokens(n: number): string {
  return `${formatNumber(n)} ${Math.abs(n) === 1 ? 'token' : 'tokens'}`;
}

/** Whole cents to a price: `999` → `$9.99`, `-5` → `-$0.05`. Only USD exists today (SPEC §4). */
export function formatCents(cents: number, currency = 'usd'): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(cents));
  const whole = Math.floor(abs / 100);
  const rest = String(abs % 100).padStart(2, '0');
  const symbol = currency.toLowerCase() === 'usd' ? '$' : `${currency.toUpperCase()} `;
  return `${sign}${symbol}${formatNumber(whole)}.${rest}`;
}

/** Seconds as a clock: `0` → `0:00`, `275` → `4:35`, `3725` → `1:02:05`. Negative counts as 0. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = String(s % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/**
 * Parses what a user typed as a token amount: digits only, at least 1, a safe integer.
 * `"10"` → 10; `"10.5"`, `"1e3"`, `"-1"`, `""` → null. The API re-checks everything.
 */
export function parseTokenAmount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}
