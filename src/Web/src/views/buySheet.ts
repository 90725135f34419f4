import { ApiError, errorMessage, get, request, type Purchase, type TokenPackage } from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { h, replace } from '../lib/dom';
import { formatCents, formatTokens } from '../lib/format';
import { renewNow } from '../session';
import { refreshWallet } from '../wallet';
import { notify, openLayer, statusLine } from './ui';

let closeOpen: (() => void) | null = null;

/**
 * The "buy tokens" sheet: the bundles from `GET /api/token-packages`, one button each
 * (`package-<code>`). Buying creates a purchase and goes to its checkout; the sandbox checkout is
 * a POST that completes the purchase at once, after which the hub's `balanceChanged` updates the
 * balance (the wallet is also refetched, in case the event is missed).
 *
 * @param reason shown at the top, e.g. why the user was sent here (not enough tokens).
 */
export function openBuySheet(reason?: string): void {
  closeOpen?.();
  let busy = false;
  const list = h('div', { class: 'packages', 'aria-busy': 'true' }, 'Loading bundles…');
  const status = statusLine('buy-status');
  const panel = h(
    'section',
    { class: 'buy-sheet', testid: 'buy-sheet', 'aria-label': 'Buy tokens' },
    h('header', { class: 'sheet-head' },
      h('h2', {}, 'Buy tokens'),
      h('button', { class: 'link', type: 'button', 'aria-label': 'Close', on: { click: () => !busy && close() } }, '✕')),
    reason ? h('p', { class: 'sheet-reason status-error' }, reason) : null,
    list,
    status.el,
  );
  const closeLayer = openLayer(panel, () => !busy && close(), 'sheet');
  const close = () => {
    closeLayer();
    if (closeOpen === close) closeOpen = null;
  };
  closeOpen = close;

  const buy = async (pkg: TokenPackage, renewed = false): Promise<void> => {
    if (busy && !renewed) return;
    busy = true;
    list.querySelectorAll('button').forEach((b) => (b.disabled = true));
    status.set(`Buying ${formatTokens(pkg.tokens)}…`);
    try {
      // One key across sheets until a definitive answer: reopening the sheet after an uncertain outcome replays.
      const { data: purchase } = await keyedAction('purchase', 'the same bundle')
        .post<Purchase>('/api/purchases', { packageId: pkg.id }, () => status.set(RETRYING_MESSAGE));
      if (!isSandboxCheckout(purchase.checkoutUrl)) {
        // A real provider's hosted checkout: the webhook credits the wallet after payment.
        window.location.assign(purchase.checkoutUrl);
        return;
      }
      await request('POST', purchase.checkoutUrl);
      await refreshWallet().catch(() => {});
      busy = false;
      close();
      notify(`${formatTokens(pkg.tokens)} added to your wallet.`);
    } catch (error) {
      // The token may predate the confirmation (SPEC §15): a fresh one says whether the e-mail is confirmed now.
      if (error instanceof ApiError && error.code === 'email-unconfirmed' && !renewed && (await renewNow())?.claims.emailVerified) {
        await buy(pkg, true);
        return;
      }
      busy = false;
      list.querySelectorAll('button').forEach((b) => (b.disabled = false));
      if (error instanceof ApiError && error.code === 'email-unconfirmed') {
        status.set('Confirm your e-mail first: open the link we sent you, then buy again.', 'error');
        status.el.append(' ', h('a', { href: '/account', testid: 'confirm-email-help' }, 'Send the link again'));
        return;
      }
      status.set(error instanceof ApiError ? error.message : errorMessage(error), 'error');
    }
  };

  get<TokenPackage[]>('/api/token-packages')
    .then((packages) => {
      list.removeAttribute('aria-busy');
      replace(
        list,
        ...packages.map((pkg) =>
          h('button', { type: 'button', class: 'package', testid: `package-${pkg.code}`, on: { click: () => void buy(pkg) } },
            h('span', { class: 'package-tokens' }, formatTokens(pkg.tokens)),
            h('span', { class: 'package-code' }, pkg.code),
            h('span', { class: 'package-price' }, formatCents(pkg.priceCents, pkg.currency)))),
      );
      if (packages.length === 0) replace(list, 'No bundles on sale right now.');
    })
    .catch((error) => {
      list.removeAttribute('aria-busy');
      replace(list, '');
      status.set(errorMessage(error), 'error');
    });
}

/** Closes the sheet if it is open (navigation away; sign-out). */
export function closeBuySheet(): void {
  closeOpen?.();
}

/** The sandbox provider's checkout is an API route on this origin; anything else is a page to visit. */
function isSandboxCheckout(url: string): boolean {
  try {
    const target = new URL(url, window.location.origin);
    return target.origin === window.location.origin && target.pathname.startsWith('/api/sandbox/checkout/');
  } catch {
    return false;
  }
}
