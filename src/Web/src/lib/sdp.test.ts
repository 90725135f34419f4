import { describe, expect, it } from 'vitest';
import { sdpOrigin } from './sdp';

const offer = (session: string, version: number) =>
  `v=0\r\no=- ${session} ${version} IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n`;

describe('sdpOrigin', () => {
  it('reads the session id and version of the origin line', () => {
    expect(sdpOrigin(offer('4611731400430051336', 2))).toEqual({ session: '4611731400430051336', version: '2' });
  });

  it('keeps the session across a renegotiation of one peer connection, and the version tells the two apart', () => {
    const first = sdpOrigin(offer('17', 2));
    const renegotiated = sdpOrigin(offer('17', 3));
    expect(renegotiated?.session).toBe(first?.session);
    expect(renegotiated?.version).not.toBe(first?.version);
    expect(sdpOrigin(offer('18', 2))?.session).not.toBe(first?.session);
  });

  it('is null without an origin line', () => {
    expect(sdpOrigin('v=0\r\ns=-\r\n')).toBeNull();
    expect(sdpOrigin(null)).toBeNull();
    expect(sdpOrigin(undefined)).toBeNull();
  });
});
