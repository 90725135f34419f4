import './styles.css';
import { onUnauthorized, type Earnings } from './api';
import { forgetKeyedActions } from './attempt';
import { connectHub, disconnectHub } from './hub';
import { h } from './lib/dom';
import { formatTokens } from './lib/format';
import { parseRoute } from './lib/route';
import { clearToken, loadSession, type Session } from './session';
import { onBalance, onEarnings, refreshWallet, resetWallet, setEarningsFromEvent, setFromEvent } from './wallet';
import { closeBuySheet, openBuySheet } from './views/buySheet';
import { renderCall } from './views/call';
import { renderCreator } from './views/creator';
import { renderHome } from './views/home';
import { renderLimits } from './views/limits';
import { renderSignIn } from './views/signIn';
import { renderStatement } from './views/statement';
import { renderStream } from './views/stream';
import { renderStudio } from './views/studio';

/**
 * The app shell: sign-in, or a header (who, live balance, buy tokens) above the view the hash
 * route names. Views return a cleanup function, run when the route changes.
 */

const app = document.getElementById('app')!;
let teardown: (() => void)[] = [];
let disposeView: (() => void) | null = null;
/** A 401 while signed in means the token expired or was revoked (sign-in handles its own 401s). */
let signedIn = false;

function signOut(notice?: string): void {
  signedIn = false;
  for (const dispose of teardown) dispose();
  teardown = [];
  disposeView?.();
  disposeView = null;
  clearToken();
  forgetKeyedActions();
  resetWallet();
  void disconnectHub();
  document.querySelectorAll('.layer').forEach((layer) => layer.remove());
  renderSignIn(app, start, notice);
}

function start(): void {
  const session = loadSession();
  if (!session) {
    renderSignIn(app, start);
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
      h('a', { href: '#/limits', testid: 'nav-limits' }, 'Limits')),
    h('span', { class: 'who', testid: 'who' }, session.claims.name || session.claims.sub, ' ',
      h('span', { class: 'badge' }, session.claims.role)),
    h('span', { class: 'wallet', title: 'Your balance in tokens' }, balance, ' tokens'),
    earningsBadge,
    hubState,
    h('button', { type: 'button', class: 'primary', testid: 'buy-tokens', on: { click: () => openBuySheet() } }, 'Buy tokens'),
    h('button', { type: 'button', class: 'link', testid: 'sign-out', on: { click: () => signOut() } }, 'Sign out'));
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
  // After a reconnect the events in between are lost: read the wallet again.
  teardown.push(live.onReconnected(() => void refreshWallet().catch(() => {})));
  teardown.push(live.onState((state) => {
    hubState.textContent = state === 'connected' ? '● live' : `○ ${state}`;
    hubState.className = `hub-state hub-${state}`;
  }));
  void refreshWallet().catch(() => {});

  const route = () => showRoute(main, session);
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
    default:
      main.append(h('section', { class: 'card' }, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the start'))));
  }
}

onUnauthorized(() => {
  if (signedIn) signOut('Your session has expired or the token was rejected. Paste a token to sign in again.');
});

start();
