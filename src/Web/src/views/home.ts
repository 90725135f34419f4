import { errorMessage, get, type CreatorListItem, type Page, type StreamSummary } from '../api';
import { h, replace } from '../lib/dom';
import { formatTokens } from '../lib/format';
import { isUuid, routeHash } from '../lib/route';
import type { Session } from '../session';

/** Start page: who you are, live shows and creators to browse, and a way to open a creator, stream or call by id. */
export function renderHome(root: HTMLElement, session: Session): () => void {
  const { claims } = session;
  const live = h('ul', { class: 'list', testid: 'live-list' }, h('li', { class: 'muted' }, 'Loading…'));
  const creators = h('ul', { class: 'list', testid: 'creator-list' }, h('li', { class: 'muted' }, 'Loading…'));

  const idInput = h('input', { type: 'text', 'aria-label': 'Id', placeholder: 'Paste an id', spellcheck: 'false' });
  const go = (kind: 'creator' | 'stream' | 'call') => () => {
    const id = idInput.value.trim();
    if (isUuid(id)) {
      location.hash = routeHash(kind, id);
    } else {
      idInput.setCustomValidity('Paste an id (a UUID).');
      idInput.reportValidity();
      idInput.setCustomValidity('');
    }
  };

  root.replaceChildren(
    h('section', { class: 'card' },
      h('h1', {}, `Hi, ${claims.name || 'there'}`),
      h('p', { class: 'muted' }, `Signed in as a ${claims.role || 'user'} · id `, h('code', {}, claims.sub)),
      claims.role === 'creator'
        ? h('p', {}, h('a', { href: '#/studio', testid: 'studio-link' }, 'Open your studio'), ' · ', h('a', { href: routeHash('creator', claims.sub) }, 'Your creator page'))
        : null),
    h('section', { class: 'card' }, h('h2', {}, 'Live now'), live),
    h('section', { class: 'card' }, h('h2', {}, 'Creators'), creators),
    h('section', { class: 'card' },
      h('h2', {}, 'Open by id'),
      h('div', { class: 'row' }, idInput,
        h('button', { type: 'button', on: { click: go('creator') } }, 'Creator'),
        h('button', { type: 'button', on: { click: go('stream') } }, 'Stream'),
        h('button', { type: 'button', on: { click: go('call') } }, 'Call'))),
  );

  get<Page<StreamSummary>>('/api/streams?status=live&limit=20')
    .then((page) => {
      if (page.items.length === 0) replace(live, h('li', { class: 'muted' }, 'No live shows right now.'));
      else replace(live, ...page.items.map(streamItem));
    })
    .catch((error) => replace(live, h('li', { class: 'status-error' }, errorMessage(error))));
  get<Page<CreatorListItem>>('/api/creators?limit=50')
    .then((page) => {
      if (page.items.length === 0) replace(creators, h('li', { class: 'muted' }, 'No creators yet.'));
      else replace(creators, ...page.items.map(creatorItem));
    })
    .catch((error) => replace(creators, h('li', { class: 'status-error' }, errorMessage(error))));

  return () => {};
}

function creatorItem(creator: CreatorListItem): HTMLElement {
  return h('li', { testid: 'creator-item' },
    h('a', { href: routeHash('creator', creator.id) }, creator.displayName),
    creator.liveStreamId ? ' ' : null,
    creator.liveStreamId ? h('a', { href: routeHash('stream', creator.liveStreamId), class: 'badge badge-live' }, 'live') : null,
    creator.callSettings?.available ? h('span', { class: 'muted' }, ` · calls ${formatTokens(creator.callSettings.ratePerMinute)}/min`) : null);
}

export function streamItem(stream: StreamSummary): HTMLElement {
  return h('li', {},
    h('a', { href: routeHash('stream', stream.id) }, stream.title),
    ' ',
    h('span', { class: `badge badge-${stream.status}` }, stream.status),
    ' ',
    h('span', { class: 'muted' }, stream.ticketPrice === null ? 'free' : `ticket ${formatTokens(stream.ticketPrice)}`));
}
