import { ApiError, errorMessage, get, type Call, type Creator, type Page, type StreamSummary } from '../api';
import { RETRYING_MESSAGE, keyedAction } from '../attempt';
import { h, replace } from '../lib/dom';
import { formatTokens } from '../lib/format';
import { routeHash } from '../lib/route';
import type { Session } from '../session';
import { openBuySheet } from './buySheet';
import { streamItem } from './home';
import { tiersSection } from './tiers';
import { tipMenuWidget, tipWidget } from './tipForm';
import { statusLine } from './ui';

/** A creator's page: tip button, subscription tiers, call rate and "request a call", their live show and shows. */
export function renderCreator(root: HTMLElement, session: Session, creatorId: string): () => void {
  let disposed = false;
  root.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));

  Promise.all([
    get<Creator>(`/api/creators/${creatorId}`),
    get<Page<StreamSummary>>(`/api/creators/${creatorId}/streams?limit=20`).catch(() => null),
  ])
    .then(([creator, streams]) => {
      if (disposed) return;
      const isSelf = creator.id === session.claims.sub;
      replace(root,
        h('section', { class: 'card creator' },
          h('h1', { testid: 'creator-name' }, creator.displayName),
          creator.liveStreamId
            ? h('p', {}, h('span', { class: 'badge badge-live' }, 'live'), ' ', h('a', { href: routeHash('stream', creator.liveStreamId), testid: 'live-stream-link' }, 'Watch the live show'))
            : null,
          isSelf ? h('p', { class: 'muted' }, 'This is your page. Fans tip you here. ', h('a', { href: '#/studio' }, 'Open your studio')) : tipWidget({ creatorId: creator.id, creatorName: creator.displayName }),
          isSelf ? null : tipMenuWidget({ creatorId: creator.id })),
        tiersSection(creator.id, isSelf),
        callSection(creator, isSelf),
        streams && streams.items.length > 0
          ? h('section', { class: 'card' }, h('h2', {}, 'Shows'), h('ul', { class: 'list' }, ...streams.items.map(streamItem)))
          : null,
      );
    })
    .catch((error) => {
      if (disposed) return;
      replace(root, h('p', { class: 'status-error' }, error instanceof ApiError && error.status === 404 ? 'No such creator.' : errorMessage(error)));
    });

  return () => {
    disposed = true;
  };
}

function callSection(creator: Creator, isSelf: boolean): HTMLElement | null {
  const settings = creator.callSettings;
  if (!settings) return null;
  const status = statusLine('call-request-status');
  const rate = h('p', {}, `1:1 calls: ${formatTokens(settings.ratePerMinute)} per minute, billed per 30 seconds in advance. `,
    h('span', { class: settings.available ? 'badge badge-ok' : 'badge' }, settings.available ? 'available' : 'unavailable'));
  if (isSelf || !settings.available) return h('section', { class: 'card' }, h('h2', {}, 'Calls'), rate);

  const request = h('button', { type: 'button', testid: 'call-request' }, 'Request a call');
  request.addEventListener('click', async () => {
    request.disabled = true;
    status.set('Calling…');
    try {
      const { data: call } = await keyedAction(`call:${creator.id}`, 'Request a call')
        .post<Call>('/api/calls', { creatorId: creator.id }, () => status.set(RETRYING_MESSAGE));
      location.hash = routeHash('call', call.id);
    } catch (error) {
      status.set(errorMessage(error), 'error');
      if (error instanceof ApiError && error.code === 'insufficient-funds') openBuySheet(error.message);
      request.disabled = false;
    }
  });
  return h('section', { class: 'card' }, h('h2', {}, 'Calls'), rate, request, status.el);
}
