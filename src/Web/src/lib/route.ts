/** Hash routes of the app: `#/`, `#/studio`, `#/statement`, `#/limits`, `#/subscriptions`, `#/creator/<id>`, `#/stream/<id>`, `#/call/<id>`. */
export type PageName = 'studio' | 'statement' | 'limits' | 'subscriptions';

export type Route =
  | { name: 'home' }
  | { name: PageName }
  | { name: 'creator'; id: string }
  | { name: 'stream'; id: string }
  | { name: 'call'; id: string }
  | { name: 'not-found'; path: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pages: readonly PageName[] = ['studio', 'statement', 'limits', 'subscriptions'];

export function isUuid(value: string): boolean {
  return uuid.test(value);
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  if (path === '/' || path === '') return { name: 'home' };
  const page = pages.find((p) => path === `/${p}`);
  if (page) return { name: page };
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

export function pageHash(name: PageName): string {
  return `#/${name}`;
}
