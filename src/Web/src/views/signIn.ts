import { ApiError, get, type Me } from '../api';
import { h } from '../lib/dom';
import { decodeJwtPayload, isExpired } from '../lib/jwt';
import { canSignIn, clearDevToken, devTokenPageEnabled, saveDevToken, signIn } from '../session';
import { statusLine } from './ui';

/**
 * The door for someone not signed in (SPEC §15): "Sign in" and "Create account" go to the identity host's pages
 * (Authorization Code + PKCE) and come back signed in.
 */
export function renderSignIn(root: HTMLElement, notice?: string): void {
  const status = statusLine('sign-in-status');
  if (notice) status.set(notice, notice.startsWith('You are signed out') ? 'ok' : 'error');
  const go = (createAccount: boolean) => async () => {
    status.set(createAccount ? 'Opening the sign-up page…' : 'Opening the sign-in page…');
    try {
      await signIn(createAccount, location.hash);
    } catch {
      status.set('The sign-in service cannot be reached. Try again in a moment.', 'error');
    }
  };

  const card = h('section', { class: 'sign-in card' },
    h('h1', {}, 'Welcome to Digis'),
    h('p', { class: 'muted' }, 'Tip your favourite creators, join their shows and call them one to one. Creators keep every token.'),
    canSignIn()
      ? h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', testid: 'sign-in', on: { click: go(false) } }, 'Sign in'),
        h('button', { type: 'button', testid: 'create-account', on: { click: go(true) } }, 'Create account'))
      : h('p', {}, 'Sign-in is not available here.'),
    devTokenPageEnabled() ? h('p', { class: 'muted' }, h('a', { href: '#/dev-token' }, 'Paste a token (development)')) : null,
    status.el);
  root.replaceChildren(card);
}

/**
 * Development and tests only (`#/dev-token`): sign in by pasting a bearer token (the start command prints demo
 * tokens). The token is checked by asking the API who it belongs to (`GET /api/me`, which also provisions a new
 * user), then kept in localStorage.
 */
export function renderDevToken(root: HTMLElement, onSignedIn: () => void): void {
  const input = h('textarea', {
    testid: 'token-input', rows: '5', spellcheck: 'false', autocomplete: 'off',
    'aria-label': 'Access token', placeholder: 'eyJhbGciOiJIUzI1NiIs…',
  });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'sign-in' }, 'Use this token');
  const status = statusLine('sign-in-status');

  const form = h('form', { class: 'sign-in card' },
    h('h1', {}, 'Paste a token'),
    h('p', { class: 'muted' }, 'For tools and tests: in development, the start command prints demo tokens for a fan and a creator.'),
    input, submit, status.el);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    const claims = decodeJwtPayload(token);
    if (!claims) {
      status.set('That does not look like a token (expected three dot-separated parts).', 'error');
      return;
    }
    if (isExpired(claims, Date.now())) {
      status.set('This token has expired. Get a fresh one.', 'error');
      return;
    }
    submit.disabled = true;
    status.set('Checking…');
    saveDevToken(token);
    try {
      await get<Me>('/api/me');
      history.replaceState(null, '', '#/');
      onSignedIn();
    } catch (error) {
      clearDevToken();
      status.set(error instanceof ApiError && error.status === 401
        ? 'The server rejected this token.'
        : error instanceof Error ? error.message : String(error), 'error');
      submit.disabled = false;
    }
  });

  root.replaceChildren(form);
  input.focus();
}
