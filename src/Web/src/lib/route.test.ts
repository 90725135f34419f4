import { describe, expect, it } from 'vitest';
import { parseOverlayLocation } from './overlayLocation';
import { pageHash, parseRoute, routeHash } from './route';

const ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('parseRoute', () => {
  it('reads the app routes', () => {
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#/')).toEqual({ name: 'home' });
    expect(parseRoute(`#/creator/${ID}`)).toEqual({ name: 'creator', id: ID });
    expect(parseRoute(`#/stream/${ID}/`)).toEqual({ name: 'stream', id: ID });
    expect(parseRoute(`#/call/${ID.toUpperCase()}`)).toEqual({ name: 'call', id: ID });
    expect(parseRoute('#/studio')).toEqual({ name: 'studio' });
    expect(parseRoute('#/statement/')).toEqual({ name: 'statement' });
    expect(parseRoute(pageHash('limits'))).toEqual({ name: 'limits' });
    expect(parseRoute(pageHash('subscriptions'))).toEqual({ name: 'subscriptions' });
  });

  it('rejects unknown paths and ids that are not UUIDs', () => {
    expect(parseRoute('#/creator/123')).toEqual({ name: 'not-found', path: '/creator/123' });
    expect(parseRoute('#/wallet')).toMatchObject({ name: 'not-found' });
    expect(parseRoute(`#/stream/${ID}/extra`)).toMatchObject({ name: 'not-found' });
  });

  it('round-trips with routeHash', () => {
    expect(parseRoute(routeHash('stream', ID))).toEqual({ name: 'stream', id: ID });
  });
});

describe('parseOverlayLocation', () => {
  it('takes the stream id from the path and the key from the query', () => {
    expect(parseOverlayLocation(`/overlay/${ID}`, '?key=k3y_-')).toEqual({ streamId: ID, key: 'k3y_-' });
    expect(parseOverlayLocation(`/overlay/${ID}/`, '?x=1&key=a%2Bb')).toEqual({ streamId: ID, key: 'a+b' });
  });

  it('needs both', () => {
    expect(parseOverlayLocation(`/overlay/${ID}`, '')).toBeNull();
    expect(parseOverlayLocation('/overlay/not-an-id', '?key=k')).toBeNull();
    expect(parseOverlayLocation('/app/overlay.html', '?key=k')).toBeNull();
  });
});
