import { isUuid } from './route';

/**
 * The overlay is served for `/overlay/{streamId}?key=<overlayKey>` (the gateway answers every such
 * path with dist/overlay.html), so the stream id comes from the path, not from a hash.
 */
export function parseOverlayLocation(pathname: string, search: string): { streamId: string; key: string } | null {
  const match = /\/overlay\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  const streamId = decodeURIComponent(match[1]);
  const key = new URLSearchParams(search).get('key') ?? '';
  if (!isUuid(streamId) || key === '') return null;
  return { streamId: streamId.toLowerCase(), key };
}
