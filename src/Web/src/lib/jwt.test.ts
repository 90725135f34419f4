import { describe, expect, it } from 'vitest';
import { decodeJwtPayload, isExpired } from './jwt';

function base64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function token(payload: object): string {
  return `${base64Url('{"alg":"HS256","typ":"JWT"}')}.${base64Url(JSON.stringify(payload))}.signature`;
}

describe('decodeJwtPayload', () => {
  it('reads sub, role, name, email_verified and exp', () => {
    const claims = decodeJwtPayload(token({ sub: 'u-1', role: 'creator', name: 'Zoë 🎤', email_verified: true, exp: 2_000_000_000 }));
    expect(claims).toEqual({ sub: 'u-1', role: 'creator', name: 'Zoë 🎤', emailVerified: true, exp: 2_000_000_000 });
  });

  it('takes email_verified as confirmed only when it is the JSON boolean true', () => {
    for (const value of [false, 'true', 1, null]) {
      expect(decodeJwtPayload(token({ sub: 'u-3', email_verified: value }))?.emailVerified, String(value)).toBe(false);
    }
  });

  it('tolerates surrounding whitespace and missing optional claims', () => {
    expect(decodeJwtPayload(`  ${token({ sub: 'u-2' })}\n`)).toEqual({ sub: 'u-2', role: '', name: '', emailVerified: false, exp: undefined });
  });

  it('rejects what is not a JWT with a subject', () => {
    for (const bad of ['', 'abc', 'a.b', 'a..c', `x.${base64Url('not json')}.y`, token({ role: 'fan' }), `x.${base64Url('[1]')}.y`]) {
      expect(decodeJwtPayload(bad), bad).toBeNull();
    }
  });
});

describe('isExpired', () => {
  it('compares exp (seconds) with now (ms)', () => {
    expect(isExpired({ sub: 's', role: 'fan', name: '', emailVerified: true, exp: 100 }, 100_000)).toBe(true);
    expect(isExpired({ sub: 's', role: 'fan', name: '', emailVerified: true, exp: 101 }, 100_000)).toBe(false);
    expect(isExpired({ sub: 's', role: 'fan', name: '', emailVerified: true }, 100_000)).toBe(false);
  });
});
