/**
 * Reads a JWT's payload for display only (who am I, which role). Nothing here verifies the
 * signature: the API does that on every request, and the UI never trusts these claims for money.
 */
export interface TokenClaims {
  sub: string;
  role: string;
  name: string;
  /** Whether the account's e-mail is confirmed (SPEC §15); purchases need it. */
  emailVerified: boolean;
  /** Expiry in Unix seconds, when the token has one. */
  exp?: number;
}

function base64UrlDecode(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  // Display names may be any Unicode: the payload is UTF-8, not Latin-1.
  return new TextDecoder().decode(bytes);
}

/** The token's claims, or null when the text is not a JWT with a usable payload. */
export function decodeJwtPayload(token: string): TokenClaims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[1] === '') return null;
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const p = payload as Record<string, unknown>;
  if (typeof p.sub !== 'string' || p.sub === '') return null;
  return {
    sub: p.sub,
    role: typeof p.role === 'string' ? p.role : '',
    name: typeof p.name === 'string' ? p.name : '',
    emailVerified: p.email_verified === true,
    exp: typeof p.exp === 'number' ? p.exp : undefined,
  };
}

/** True when the token carries an expiry that has passed at `nowMs`. */
export function isExpired(claims: TokenClaims, nowMs: number): boolean {
  return claims.exp !== undefined && claims.exp * 1000 <= nowMs;
}
