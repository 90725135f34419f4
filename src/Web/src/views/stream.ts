import { ApiError, errorMessage, get, post, type Stream, type StreamAccess } from '../api';
import { h, replace } from '../lib/dom';
import { formatNumber, formatTokens } from '../lib/format';
import { hubErrorCode } from '../lib/problem';
import { routeHash } from '../lib/route';
import { renderGoalBar, type Goal } from '../lib/goal';
import { Refresher } from '../lib/refresher';
import { createSeenSet, renderTipCard, type TipEvent } from '../lib/tipCard';
import { hub } from '../hub';
import type { Session } from '../session';
import { showTicketModal } from './ticketModal';
import { tipMenuWidget, tipWidget } from './tipForm';
import { statusLine } from './ui';

const MAX_TIPS_SHOWN = 50;
const REFRESH_MS = 15_000;

/**
 * A show: its figures, the ticket modal when it is ticketed and the viewer has no ticket, and once
 * the viewer may watch, the room on the hub (`JoinStream`) with the live tips overlay
 * (`tip-overlay`) and the tip button (tips carry the stream id).
 */
export function renderStream(root: HTMLElement, session: Session, streamId: string): () => void {
  let disposed = false;
  let joined = false;
  let closeModal: (() => void) | null = null;
  const cleanups: (() => void)[] = [];
  const firstSeen = createSeenSet();

  const title = h('h1', { testid: 'stream-title' }, 'Loading…');
  const statusBadge = h('span', { class: 'badge', testid: 'stream-status' });
  const figures = h('p', { class: 'muted figures' });
  const owner = h('div', { class: 'owner' });
  const watch = h('div', { class: 'watch' });
  const notice = statusLine('stream-notice');
  const overlay = h('ol', { class: 'tip-overlay', testid: 'tip-overlay', 'aria-live': 'polite', 'aria-label': 'Live tips' });
  const goalBar = renderGoalBar(document);

  root.replaceChildren(
    h('section', { class: 'card stream' }, h('div', { class: 'row' }, title, statusBadge), figures, goalBar.el, owner, notice.el),
    watch,
  );

  let stream: Stream | null = null;
  let goalFromEvent: Goal | null = null;
  const show = (s: Stream) => {
    stream = s;
    title.textContent = s.title;
    statusBadge.textContent = s.status;
    statusBadge.className = `badge badge-${s.status}`;
    replace(figures,
      h('a', { href: routeHash('creator', s.creatorId) }, 'Creator page'), ' · ',
      s.ticketPrice === null ? 'Free show' : `Ticket ${formatTokens(s.ticketPrice)} · ${formatNumber(s.ticketsSold)} sold`, ' · ',
      h('span', { testid: 'viewer-count' }, `${formatNumber(s.viewerCount)} watching`), ' · ',
      h('span', { testid: 'tips-total' }, `${formatTokens(s.tipsTotal)} tipped`));
    if (s.overlayUrl && !owner.hasChildNodes()) replace(owner, ...ownerTools(s, () => refresher.now()));
    // A hub event newer than this read may already have moved the bar: never move it back.
    if (s.goal === null || s.goal === undefined) {
      if (!goalFromEvent) goalBar.set(null);
    } else if (!goalFromEvent || s.goal.progress >= goalFromEvent.progress) {
      goalBar.set({ title: s.goal.title, target: s.goal.target, progress: s.goal.progress, reached: s.goal.reachedAt !== null });
    }
  };

  // Live figures (tips total, viewers) are refetched, never summed here: the API owns the numbers. A tip asks every
  // viewer of the show at once, so each refetches at its own moment within a few seconds (Refresher).
  const refresher = new Refresher(() => {
    get<Stream>(`/api/streams/${streamId}`).then((s) => !disposed && show(s)).catch(() => {});
  });
  const refresh = () => refresher.request();
  const poll = window.setInterval(refresh, REFRESH_MS);
  cleanups.push(() => {
    clearInterval(poll);
    refresher.cancel();
  });

  const startWatching = async () => {
    if (disposed || joined || !stream) return;
    try {
      await hub().joinStream(streamId);
    } catch (error) {
      const code = hubErrorCode(error);
      if (code === 'ticket-required') return askForTicket();
      notice.set(code === 'not-found' ? 'This show does not exist.' : `Could not join the live room: ${errorMessage(error)}`, 'error');
      return;
    }
    if (disposed) {
      void hub().leaveStream(streamId);
      return;
    }
    joined = true;
    notice.set('');
    const isOwner = stream.creatorId === session.claims.sub;
    replace(watch,
      h('section', { class: 'card' },
        isOwner ? h('p', { class: 'muted' }, 'Your show: tips from fans appear below and in your OBS overlay.') : tipWidget({ creatorId: stream.creatorId, streamId }),
        isOwner ? null : tipMenuWidget({ creatorId: stream.creatorId, streamId }),
        h('h2', {}, 'Live tips'),
        overlay));
  };

  const askForTicket = async () => {
    if (disposed || !stream) return;
    replace(watch, h('section', { class: 'card' },
      h('p', {}, 'This is a ticketed show.'),
      h('button', { type: 'button', class: 'primary', testid: 'ticket-open', on: { click: () => void askForTicket() } }, 'Get a ticket')));
    closeModal?.();
    const modal = showTicketModal(stream);
    closeModal = modal.close;
    const bought = await modal.result;
    closeModal = null;
    if (bought && !disposed) {
      replace(watch);
      await startWatching();
    }
  };

  cleanups.push(hub().on<TipEvent>('tip', (tip) => {
    if (tip.streamId !== streamId || !firstSeen(tip.id)) return;
    overlay.prepend(renderTipCard(document, tip));
    while (overlay.childElementCount > MAX_TIPS_SHOWN) overlay.lastElementChild?.remove();
    if (tip.fanId === session.claims.sub) refresher.now(); // the viewer's own tip shows in the total straight away
    else refresh();
  }));
  cleanups.push(hub().on<Goal & { streamId: string }>('goalProgress', (event) => {
    if (event.streamId !== streamId) return;
    goalFromEvent = event;
    goalBar.set(event);
  }));
  cleanups.push(hub().on<{ streamId: string }>('goalRemoved', (event) => {
    if (event.streamId !== streamId) return;
    goalFromEvent = null;
    goalBar.set(null);
  }));
  cleanups.push(hub().on<{ streamId: string; status: string }>('streamStatus', (event) => {
    if (event.streamId === streamId) refresh();
  }));
  cleanups.push(hub().onConnected(refresh));

  Promise.all([get<Stream>(`/api/streams/${streamId}`), get<StreamAccess>(`/api/streams/${streamId}/access`)])
    .then(([s, access]) => {
      if (disposed) return;
      show(s);
      if (access.canWatch) void startWatching();
      else if (access.reason === 'ticket-required') void askForTicket();
    })
    .catch((error) => {
      if (disposed) return;
      title.textContent = 'Show';
      notice.set(error instanceof ApiError && error.status === 404 ? 'This show does not exist.' : errorMessage(error), 'error');
    });

  return () => {
    disposed = true;
    closeModal?.();
    for (const cleanup of cleanups) cleanup();
    if (joined) void hub().leaveStream(streamId);
  };
}

/** For the stream's owner: the OBS overlay address and start/end. */
function ownerTools(stream: Stream, refresh: () => void): HTMLElement[] {
  const overlayUrl = new URL(stream.overlayUrl!, location.origin).toString();
  const status = statusLine('stream-owner-status');
  const action = (label: string, path: string) =>
    h('button', {
      type: 'button', testid: `stream-${path}`,
      on: {
        click: async () => {
          try {
            await post(`/api/streams/${stream.id}/${path}`);
            refresh();
          } catch (error) {
            status.set(errorMessage(error), 'error');
          }
        },
      },
    }, label);
  return [
    h('p', {}, 'OBS browser source: ', h('input', { type: 'text', readonly: true, value: overlayUrl, testid: 'overlay-url', 'aria-label': 'Overlay URL', size: '60' })),
    h('div', { class: 'row' }, action('Go live', 'start'), action('End show', 'end')),
    status.el,
  ];
}
