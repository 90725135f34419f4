/** Hash routes of the app: `#/`, `#/creator/<id>`, `#/stream/<id>`, `#/call/<id>`. */
export type Route =
  | { name: 'home' }
  | { name: 'creator'; id: string }
  | { name: 'stream'; id: string }
  | { name: 'call'; id: string }
  | { name: 'not-found'; path: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return uuid.test(value);
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { name: 'home' };
  const match = /^\/(creator|stream|call)\/([^/?]+)$/.exec(path);
  if (match) {
    const id = decodeURIComponent(match[2]);
    if (isUuid(id)) return { name: match[1] as 'creator' | 'stream' | 'call', id: id.toLowerCase() };
  }
  return { name: 'not-found', path };
}

export function routeHash(name: 'creator' | 'stream' | 'call', id: string): string {
  return `#/${name}/${encodeURIComponent(id)}`;
}
