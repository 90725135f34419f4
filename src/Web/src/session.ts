import { InMemoryWebStorage, UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { decodeJwtPayload, isExpired, type TokenClaims } from './lib/jwt';

/**
 * Who is signed in (SPEC §15). Normally an OpenID Connect session with the identity host, run by oidc-client-ts:
 * Authorization Code + PKCE as `digis-web`, the tokens kept in memory only (nothing in web storage a script could
 * read later), the access token renewed with the refresh token a minute before it expires. A reload finds nothing in
 * memory and asks the identity host again without showing anything (`prompt=none`): while its session lasts, the
 * user is back at once. In Development and tests a pasted token may stand in (`#/dev-token`), kept in localStorage.
 */

/** What the gateway tells the app (`/app/config.json`). */
export interface AppConfig {
  /** The identity host's public URL (the issuer), or null where there is none. */
  authority: string | null;
  clientId: string;
  /** Whether the paste-a-token page exists (Development and tests only). */
  devToken: boolean;
}

export interface Session {
  token: string;
  claims: TokenClaims;
}

/** Where the user was when the sign-in began, brought back through the identity host (the state parameter). */
interface SignInState {
  hash: string;
  silent?: boolean;
}

const DEV_TOKEN_KEY = 'digis.token';

let config: AppConfig = { authority: null, clientId: 'digis-web', devToken: false };
let manager: UserManager | null = null;
let user: User | null = null;
let expiredHandler: ((notice: string) => void) | null = null;

export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch('/app/config.json', { headers: { Accept: 'application/json' } });
    if (response.ok) return (await response.json()) as AppConfig;
  } catch {
    // no gateway settings (e.g. a bare Vite dev server): only a pasted token can sign in
  }
  return config;
}

export function configure(settings: AppConfig): void {
  config = settings;
  if (!settings.authority) return;
  manager = new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    redirect_uri: new URL('app/signed-in', settings.authority).toString(),
    post_logout_redirect_uri: new URL('app/signed-out', settings.authority).toString(),
    response_type: 'code',
    scope: 'openid profile email offline_access',
    // In memory only: a reload restores the session from the identity host's, not from storage.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    automaticSilentRenew: true,
    accessTokenExpiringNotificationTimeInSeconds: 60,
    loadUserInfo: false,
    monitorSession: false,
    revokeTokenTypes: ['refresh_token'],
  });
  manager.events.addUserLoaded((loaded) => {
    user = loaded;
  });
  manager.events.addSilentRenewError(() => {
    user = null;
    expiredHandler?.('Your session has ended. Sign in again.');
  });
}

export function devTokenPageEnabled(): boolean {
  return config.devToken;
}

/** Called when the session ends by itself (renewal refused: signed out elsewhere, account closed, refresh token revoked). */
export function onSessionExpired(handler: (notice: string) => void): void {
  expiredHandler = handler;
}

/** The current access token, read on every request: a renewed one is used at once. */
export function currentToken(): string | null {
  if (user && !user.expired) return user.access_token;
  return config.devToken ? localStorage.getItem(DEV_TOKEN_KEY) : null;
}

export function currentSession(): Session | null {
  const token = currentToken();
  const claims = token ? decodeJwtPayload(token) : null;
  if (!token || !claims || isExpired(claims, Date.now())) return null;
  return { token, claims };
}

// ---- the pasted token (#/dev-token) ----

export function loadDevSession(): Session | null {
  if (!config.devToken) return null;
  const token = localStorage.getItem(DEV_TOKEN_KEY);
  const claims = token ? decodeJwtPayload(token) : null;
  if (!token || !claims || isExpired(claims, Date.now())) {
    localStorage.removeItem(DEV_TOKEN_KEY);
    return null;
  }
  return { token, claims };
}

export function saveDevToken(token: string): void {
  localStorage.setItem(DEV_TOKEN_KEY, token);
}

export function clearDevToken(): void {
  localStorage.removeItem(DEV_TOKEN_KEY);
}

// ---- OpenID Connect ----

export function canSignIn(): boolean {
  return manager !== null;
}

/** "Sign in" / "Create account": off to the identity host's page, back at `/app/signed-in`. */
export async function signIn(createAccount: boolean, hash: string): Promise<void> {
  await manager?.signinRedirect({ prompt: createAccount ? 'create' : undefined, state: { hash } satisfies SignInState });
}

/** After a reload: ask the identity host, without a page of its own, whether its session still lasts. */
export async function restoreSilently(hash: string): Promise<void> {
  await manager?.signinRedirect({ prompt: 'none', state: { hash, silent: true } satisfies SignInState });
}

export interface SignInOutcome {
  session: Session | null;
  /** The route to show next. */
  hash: string;
  /** Why there is no session, when the user should be told. */
  notice?: string;
}

/** At `/app/signed-in`: trade the code for tokens (PKCE), or learn that no session was there. */
export async function completeSignIn(): Promise<SignInOutcome> {
  try {
    const signedIn = await manager!.signinCallback();
    if (!signedIn) return { session: null, hash: '#/' };
    user = signedIn;
    const state = (signedIn.state ?? { hash: '' }) as SignInState;
    const session = currentSession();
    // A creator signing in lands in the studio (SPEC §10) unless they were on their way somewhere.
    const hash = state.hash && state.hash !== '#/' && state.hash !== '#' ? state.hash : session?.claims.role === 'creator' ? '#/studio' : '#/';
    return { session, hash };
  } catch (error) {
    const state = (error as { state?: SignInState }).state;
    const silent = state?.silent === true || (error as { error?: string }).error === 'login_required';
    return { session: null, hash: state?.hash ?? '', notice: silent ? undefined : 'Signing in did not finish. Try again.' };
  }
}

/** A fresh access token now (after the e-mail was confirmed, or the account became a creator's). */
export async function renewNow(): Promise<Session | null> {
  if (!manager || !user) return currentSession();
  try {
    user = await manager.signinSilent();
  } catch {
    return currentSession();
  }
  return currentSession();
}

/**
 * Sign out: the refresh token is revoked and the identity host's session ended (RP-initiated logout), which
 * returns to `/app/signed-out`. False when there was nothing to end there (a pasted token), or it could not be reached.
 */
export async function signOut(): Promise<boolean> {
  clearDevToken();
  const signedIn = user;
  user = null;
  if (!manager || !signedIn) return false;
  try {
    await manager.revokeTokens(['refresh_token']);
  } catch {
    // the identity host will not renew it anyway once its session is gone
  }
  try {
    await manager.signoutRedirect({ id_token_hint: signedIn.id_token });
    return true;
  } catch {
    return false;
  }
}
