import './styles.css';
import { onUnauthorized, type Earnings } from './api';
import { forgetKeyedActions } from './attempt';
import { connectHub, disconnectHub } from './hub';
import { h } from './lib/dom';
import { formatTokens } from './lib/format';
import { parseRoute } from './lib/route';
import {
  completeSignIn, configure, currentSession, devTokenPageEnabled, loadConfig, loadDevSession, onSessionExpired, restoreSilently,
  signOut as endSession, type Session,
} from './session';
import { onBalance, onEarnings, refreshWallet, resetWallet, setEarningsFromEvent, setFromEvent } from './wallet';
import { closeBuySheet, openBuySheet } from './views/buySheet';
import { renderCall } from './views/call';
import { renderCreator } from './views/creator';
import { renderHome } from './views/home';
import { renderLimits } from './views/limits';
import { renderDevToken, renderSignIn } from './views/signIn';
import { renderStatement } from './views/statement';
import { renderStream } from './views/stream';
import { renderStudio } from './views/studio';
import { renderSubscriptions } from './views/subscriptions';

/**
 * The app shell: sign-in, or a header (who, live balance, buy tokens, account menu) above the view the hash
 * route names. Views return a cleanup function, run when the route changes.
 */

const app = document.getElementById('app')!;
let teardown: (() => void)[] = [];
let disposeView: (() => void) | null = null;
/** A 401 while signed in means the token expired or was revoked (sign-in handles its own 401s). */
let signedIn = false;

/** Leaves the signed-in app: everything the session held is dropped, and the sign-in page shows (unless `quietly`). */
function leave(notice?: string, quietly = false): void {
  signedIn = false;
  for (const dispose of teardown) dispose();
  teardown = [];
  disposeView?.();
  disposeView = null;
  forgetKeyedActions();
  resetWallet();
  void disconnectHub();
  document.querySelectorAll('.layer').forEach((layer) => layer.remove());
  if (!quietly) renderSignIn(app, notice);
}

/** "Sign out": revokes the refresh token and ends the identity host's session (the page comes back at /app/signed-out). */
async function signOut(): Promise<void> {
  leave(undefined, true);
  app.replaceChildren(h('p', { class: 'muted boot' }, 'Signing out…'));
  if (!(await endSession())) renderSignIn(app, 'You are signed out.');
}

function start(): void {
  const session = currentSession();
  if (!session) {
    renderSignIn(app);
    return;
  }

  signedIn = true;
  const live = connectHub();
  const balance = h('strong', { testid: 'balance' }, '…');
  // A creator's earnings beside the spending balance (SPEC §11): what is cashable, and what is still on its way.
  const earningsBadge = h('span', { class: 'wallet earnings', testid: 'wallet-earnings', title: 'Your earnings in tokens', hidden: true });
  const hubState = h('span', { class: 'hub-state', testid: 'hub-state', title: 'Live updates' });
  const main = h('main', { class: 'view' });
  const header = h('header', { class: 'topbar' },
    h('a', { href: '#/', class: 'brand' }, 'Digis'),
    h('nav', { class: 'nav', 'aria-label': 'Main' },
      session.claims.role === 'creator' ? h('a', { href: '#/studio', testid: 'nav-studio' }, 'Studio') : null,
      h('a', { href: '#/statement', testid: 'nav-statement' }, 'Statement'),
      h('a', { href: '#/subscriptions', testid: 'nav-subscriptions' }, 'Subscriptions'),
      h('a', { href: '#/limits', testid: 'nav-limits' }, 'Limits')),
    h('span', { class: 'who', testid: 'who' }, session.claims.name || session.claims.sub, ' ',
      h('span', { class: 'badge' }, session.claims.role)),
    h('span', { class: 'wallet', title: 'Your balance in tokens' }, balance, ' tokens'),
    earningsBadge,
    hubState,
    h('button', { type: 'button', class: 'primary', testid: 'buy-tokens', on: { click: () => openBuySheet() } }, 'Buy tokens'),
    accountMenu(session),
    h('button', { type: 'button', class: 'link', testid: 'sign-out', on: { click: () => void signOut() } }, 'Sign out'));
  app.replaceChildren(header, main);

  // The balance element shows the number only (e.g. `100`), for people and for tests alike.
  teardown.push(onBalance((value) => {
    balance.textContent = value === null ? '…' : String(value);
    balance.title = value === null ? '' : formatTokens(value);
  }));
  teardown.push(live.on<{ balance: number; kind: string; referenceId: string }>('balanceChanged', (event) => setFromEvent(event.balance)));
  teardown.push(onEarnings((value) => {
    earningsBadge.hidden = value === null;
    earningsBadge.textContent = value === null ? '' : `earnings: ${value.cashable} cashable · ${value.clearing} clearing · ${value.escrow} in escrow`;
  }));
  teardown.push(live.on<Earnings>('earningsChanged', (event) => setEarningsFromEvent(event)));
  // Events sent while the connection was not up reached no one: read the wallet again once it is (first start or reconnect).
  teardown.push(live.onConnected(() => void refreshWallet().catch(() => {})));
  teardown.push(live.onState((state) => {
    hubState.textContent = state === 'connected' ? '● live' : `○ ${state}`;
    hubState.className = `hub-state hub-${state}`;
  }));
  void refreshWallet().catch(() => {});

  const route = () => {
    if (location.hash === '#/dev-token' && devTokenPageEnabled()) {
      leave(undefined, true);
      renderDevToken(app, start);
      return;
    }
    showRoute(main, session);
  };
  window.addEventListener('hashchange', route);
  teardown.push(() => window.removeEventListener('hashchange', route));
  route();
}

function showRoute(main: HTMLElement, session: Session): void {
  disposeView?.();
  disposeView = null;
  closeBuySheet();
  main.replaceChildren();
  const route = parseRoute(location.hash);
  switch (route.name) {
    case 'home':
      disposeView = renderHome(main, session);
      break;
    case 'creator':
      disposeView = renderCreator(main, session, route.id);
      break;
    case 'stream':
      disposeView = renderStream(main, session, route.id);
      break;
    case 'call':
      disposeView = renderCall(main, session, route.id);
      break;
    case 'studio':
      disposeView = renderStudio(main, session);
      break;
    case 'statement':
      disposeView = renderStatement(main);
      break;
    case 'limits':
      disposeView = renderLimits(main);
      break;
    case 'subscriptions':
      disposeView = renderSubscriptions(main);
      break;
    default:
      main.append(h('section', { class: 'card' }, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the start'))));
  }
}

/** The account menu (SPEC §15): the identity host's pages — passkeys, becoming a creator, the account — and back here. */
function accountMenu(session: Session): HTMLElement {
  const back = encodeURIComponent('/app/' + (location.hash || '#/'));
  const link = (href: string, testid: string, text: string) => h('a', { href, testid, role: 'menuitem' }, text);
  const menu = h('div', { class: 'account-items', role: 'menu', hidden: true },
    link(`/account/passkeys?ReturnUrl=${back}`, 'account-passkeys', 'Passkeys'),
    session.claims.role === 'creator' ? null : link('/account/creator?ReturnUrl=' + encodeURIComponent('/app/#/studio'), 'account-become-creator', 'Become a creator'),
    link('/account', 'account-settings', 'Account settings'));
  const button = h('button', {
    type: 'button', class: 'link', testid: 'account-menu', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    on: {
      click: () => {
        menu.hidden = !menu.hidden;
        button.setAttribute('aria-expanded', String(!menu.hidden));
      },
    },
  }, 'Account ▾');
  return h('span', { class: 'account-menu' }, button, menu);
}

onUnauthorized(() => {
  if (signedIn) leave('Your session has ended or the token was rejected. Sign in again.');
});
onSessionExpired((notice) => {
  if (signedIn) leave(notice);
});

/**
 * Where the app starts: on the identity host's public origin (cookies, passkeys), back from a sign-in or a sign-out,
 * on the paste page, with a pasted token, or by asking the identity host whether its session still lasts.
 */
async function boot(): Promise<void> {
  const config = await loadConfig();
  if (config.authority) {
    const origin = new URL(config.authority).origin;
    if (location.origin !== origin) {
      location.replace(origin + location.pathname + location.search + location.hash);
      return;
    }
  }
  configure(config);

  if (location.pathname.endsWith('/signed-in')) {
    const outcome = await completeSignIn();
    history.replaceState(null, '', '/app/' + outcome.hash);
    if (outcome.session) start();
    else renderSignIn(app, outcome.notice);
    return;
  }
  if (location.pathname.endsWith('/signed-out')) {
    history.replaceState(null, '', '/app/');
    renderSignIn(app, 'You are signed out.');
    return;
  }
  if (location.hash === '#/dev-token' && config.devToken) {
    renderDevToken(app, start);
    return;
  }
  if (loadDevSession()) {
    start();
    return;
  }
  if (config.authority) {
    app.replaceChildren(h('p', { class: 'muted boot' }, 'Signing you in…'));
    try {
      await restoreSilently(location.hash);
    } catch {
      renderSignIn(app, 'The sign-in service cannot be reached. Try again in a moment.');
    }
    return;
  }
  renderSignIn(app);
}

void boot();
