import { ApiError, get, type Me } from '../api';
import { h } from '../lib/dom';
import { decodeJwtPayload, isExpired } from '../lib/jwt';
import { clearToken, saveToken } from '../session';
import { statusLine } from './ui';

/**
 * Sign-in by pasting a bearer token (in Development the start command prints demo tokens).
 * The token is checked by asking the API who it belongs to (`GET /api/me`, which also provisions a
 * new user), then kept in localStorage.
 */
export function renderSignIn(root: HTMLElement, onSignedIn: () => void, notice?: string): void {
  const input = h('textarea', {
    testid: 'token-input', rows: '5', spellcheck: 'false', autocomplete: 'off',
    'aria-label': 'Access token', placeholder: 'eyJhbGciOiJIUzI1NiIs…',
  });
  const submit = h('button', { type: 'submit', class: 'primary', testid: 'sign-in' }, 'Sign in');
  const status = statusLine('sign-in-status');
  if (notice) status.set(notice, 'error');

  const form = h('form', { class: 'sign-in card' },
    h('h1', {}, 'Sign in to Digis'),
    h('p', { class: 'muted' }, 'Paste your access token. In development, the start command prints demo tokens for a fan and a creator.'),
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
    saveToken(token);
    try {
      await get<Me>('/api/me');
      onSignedIn();
    } catch (error) {
      clearToken();
      status.set(error instanceof ApiError && error.status === 401
        ? 'The server rejected this token.'
        : error instanceof Error ? error.message : String(error), 'error');
      submit.disabled = false;
    }
  });

  root.replaceChildren(form);
  input.focus();
}
