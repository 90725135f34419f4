import { decodeJwtPayload, isExpired, type TokenClaims } from './lib/jwt';

/** The pasted bearer token lives in localStorage so a reload keeps the user signed in. */
const STORAGE_KEY = 'digis.token';

export interface Session {
  token: string;
  claims: TokenClaims;
}

export function loadSession(): Session | null {
  const token = localStorage.getItem(STORAGE_KEY);
  if (!token) return null;
  const claims = decodeJwtPayload(token);
  if (!claims || isExpired(claims, Date.now())) {
    localStorage.removeItem(STORAGE_KEY);
    return null;
  }
  return { token, claims };
}

export function saveToken(token: string): void {
  localStorage.setItem(STORAGE_KEY, token);
}

export function clearToken(): void {
  localStorage.removeItem(STORAGE_KEY);
}

/** The current token, read on every request so a sign-out takes effect at once. */
export function currentToken(): string | null {
  return localStorage.getItem(STORAGE_KEY);
}
