import { errorMessage, get, post, type Page, type Subscription, type SubscriptionChanged } from '../api';
import { hub } from '../hub';
import { h, replace } from '../lib/dom';
import { formatTokens } from '../lib/format';
import { routeHash } from '../lib/route';
import { statusLine } from './ui';

/** The fan's subscriptions (`subscriptions`), every status, with cancel (`subscription-cancel`) and resume; kept live by `subscriptionChanged`. */
export function renderSubscriptions(root: HTMLElement): () => void {
  const list = h('ul', { class: 'list', testid: 'subscriptions' });
  const status = statusLine('subscriptions-status');
  root.replaceChildren(h('section', { class: 'card' }, h('h1', {}, 'Your subscriptions'), list, status.el));

  const act = async (subscription: Subscription, action: 'cancel' | 'resume') => {
    try {
      await post<Subscription>(`/api/subscriptions/${subscription.id}/${action}`);
      await load();
    } catch (error) {
      status.set(errorMessage(error), 'error');
    }
  };
  const item = (s: Subscription) => {
    const open = s.status === 'active' || s.status === 'past-due';
    const until = new Date(s.currentPeriodEnd).toLocaleDateString();
    return h('li', { class: 'row', testid: 'subscription', 'data-status': s.status, 'data-renews': String(s.renews) },
      h('a', { href: routeHash('creator', s.creatorId) }, s.creatorName ?? s.creatorId),
      h('span', {}, ` · ${s.tierName ?? ''} · ${formatTokens(s.priceTokens)} a month · `),
      h('span', { testid: 'subscription-state' }, s.status !== 'active' ? s.status : s.renews ? `renews ${until}` : `cancelled, active until ${until}`),
      open && s.renews ? h('button', { type: 'button', testid: 'subscription-cancel', on: { click: () => void act(s, 'cancel') } }, 'Cancel') : null,
      s.status === 'active' && !s.renews ? h('button', { type: 'button', testid: 'subscription-resume', on: { click: () => void act(s, 'resume') } }, 'Resume') : null);
  };
  const load = async () => {
    const page = await get<Page<Subscription>>('/api/subscriptions?limit=100');
    replace(list, ...(page.items.length === 0 ? [h('li', { class: 'muted' }, 'No subscriptions yet.')] : page.items.map(item)));
  };
  load().catch((error) => status.set(errorMessage(error), 'error'));
  const offChanged = hub().on<SubscriptionChanged>('subscriptionChanged', () => void load().catch(() => {}));
  const offConnected = hub().onConnected(() => void load().catch(() => {}));
  return () => {
    offChanged();
    offConnected();
  };
}
